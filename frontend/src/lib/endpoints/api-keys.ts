/** PRD §6.7 programmatic API keys of the agency (`csa_live_…`). */
import { del, get, post, segment } from '../api.ts';

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly key_prefix: string;
  readonly scopes: readonly string[];
  readonly is_active: boolean;
  readonly expires_at: string | null;
  readonly last_used_at: string | null;
  readonly last_used_ip: string | null;
  readonly total_requests: number;
  readonly created_at: string;
  /** null when the key was created with another API key. */
  readonly created_by: { readonly id: string; readonly name: string | null } | null;
  /** null: every address may use the key. */
  readonly allowed_ips: readonly string[] | null;
  readonly rate_limit_per_minute: number;
  readonly rate_limit_per_day: number;
  readonly revoked_at: string | null;
}

export interface NewApiKey {
  name: string;
  description?: string;
  scopes: string[];
  expires_at?: string;
  allowed_ips?: string[];
  rate_limit_per_minute?: number;
  rate_limit_per_day?: number;
}

/** The create answer: the only time `key` is ever sent. */
export interface CreatedApiKey extends ApiKey {
  readonly key: string;
  readonly warning: string;
}

export const listApiKeys = () => get<ApiKey[]>('/api/v1/agency/api-keys/list');

export const createApiKey = (body: NewApiKey) => post<CreatedApiKey>('/api/v1/agency/api-keys', body);

export const revokeApiKey = (id: string) =>
  del<{ message: string; id: string; revoked_at: string }>(`/api/v1/agency/api-keys/${segment(id)}`);

/** Where a key stands: revoked and expired keys stay listed so their history is visible. */
export function keyState(key: ApiKey): 'active' | 'revoked' | 'expired' {
  if (!key.is_active || key.revoked_at) return 'revoked';
  if (key.expires_at && Date.parse(key.expires_at) <= Date.now()) return 'expired';
  return 'active';
}
