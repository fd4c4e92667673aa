/**
 * Authentication with `X-API-Key` (PRD §5.3.3), run by the authorizer on every request that
 * carries one: the key is hashed and looked up by hash, then must be active, unexpired, of the
 * agency whose host was called, and used from an allowed address. Scopes are checked per route by
 * the `authorize` middleware like a role's permissions; limits by the rate limiter.
 *
 * The key is read on every request, not cached, so a revocation takes effect on the next request
 * (within the by-hash index's replication delay, typically well under a second).
 */
import type { Permission } from '../auth/permissions.ts';
import type { ApiKeyPrincipal, RequestIdentity } from '../auth/request-identity.ts';
import { service } from '../data/service.ts';
import { ApiError } from '../http/errors.ts';
import { ipAllowed } from './ip-allowlist.ts';
import { hashApiKey, looksLikeApiKey } from './key-material.ts';

const refused = (message: string) => new ApiError('AUTH_003', { message });

/**
 * The principal of `presented` on `tenant`, called from `sourceIp`; throws AUTH_003 for an
 * unknown, revoked or expired key or one of another agency, AUTH_004 for a refused address.
 */
export async function authenticateApiKey(
  presented: string,
  tenant: RequestIdentity['tenant'],
  sourceIp: string | undefined,
  nowMs = Date.now(),
): Promise<ApiKeyPrincipal> {
  if (tenant.kind !== 'agency') throw refused("API keys are only accepted on their agency's host");
  if (!looksLikeApiKey(presented)) throw refused('Invalid API key');
  const { data } = await service()
    .entities.apiKey.query.byHash({ key_hash: hashApiKey(presented) })
    .go();
  const key = data[0];
  if (!key) throw refused('Invalid API key');
  if (key.agency_id !== tenant.agency_id) throw refused('This API key is not valid for this host');
  if (!key.is_active) throw refused('This API key has been revoked');
  if (key.expires_at !== undefined && Date.parse(key.expires_at) <= nowMs)
    throw refused('This API key has expired');
  if (!ipAllowed(sourceIp, key.allowed_ips)) {
    throw new ApiError('AUTH_004', {
      message: `This API key may not be used from ${sourceIp ?? 'an unknown address'}: it is not in the key's allowed IPs`,
    });
  }
  return {
    kind: 'api_key',
    key_id: key.id,
    agency_id: key.agency_id,
    scopes: key.scopes as Permission[],
    rate_limit_per_minute: key.rate_limit_per_minute,
    rate_limit_per_day: key.rate_limit_per_day,
  };
}
