/**
 * The AI providers an agency brings its own key for (PRD §1.4 BYOK), the agency attributes each
 * one's key lives in, and the only view of a stored key the API ever gives: configured + last4.
 */
import type { AgencyItem } from '../data/entities/agencies.ts';

export const PROVIDERS = ['anthropic', 'freepik'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Display names for messages. */
export const PROVIDER_NAMES: Record<Provider, string> = { anthropic: 'Anthropic', freepik: 'Freepik' };

/** The agency attributes of each provider's key. */
export const PROVIDER_FIELDS = {
  anthropic: { encrypted: 'anthropic_api_key_encrypted', last4: 'anthropic_api_key_last4' },
  freepik: { encrypted: 'freepik_api_key_encrypted', last4: 'freepik_api_key_last4' },
} as const satisfies Record<Provider, { encrypted: keyof AgencyItem; last4: keyof AgencyItem }>;

/** Whether a provider key is stored, and its last four characters. */
export interface ProviderKeyStatus {
  configured: boolean;
  last4: string | null;
}

/** `{anthropic: {configured, last4}, freepik: {…}}` of an agency (also for `GET /api/v1/agency`). */
export function providerKeyStatus(agency: AgencyItem): Record<Provider, ProviderKeyStatus> {
  const status = (provider: Provider): ProviderKeyStatus => {
    const fields = PROVIDER_FIELDS[provider];
    const configured = Boolean(agency[fields.encrypted]);
    return { configured, last4: configured ? (agency[fields.last4] ?? null) : null };
  };
  return { anthropic: status('anthropic'), freepik: status('freepik') };
}

/** The last four characters shown for a key (fewer for a very short key: never the whole key). */
export function lastFour(key: string): string {
  return key.length > 8 ? key.slice(-4) : '';
}
