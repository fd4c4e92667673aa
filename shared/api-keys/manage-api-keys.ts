/**
 * Creating, listing and revoking an agency's API keys (PRD §6.7). Keys are created and revoked
 * by an agency admin, or by a key holding `agency:api_keys:manage`; a key can never grant
 * scopes its creator does not hold. Create and revoke are audited.
 */
import { randomUUID } from 'node:crypto';
import { type AuditRequest, auditActor, recordAudit } from '../audit/record-audit.ts';
import { satisfies } from '../auth/permissions.ts';
import { grantedPermissions, type Principal } from '../auth/request-identity.ts';
import type { ApiKeyItem } from '../data/entities/api-keys.ts';
import { claimUnique } from '../data/invariants.ts';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { assertCommitted, isConditionalCheckFailure } from '../data/transactions.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { generateApiKey, hashApiKey, keyPrefix } from './key-material.ts';
import type { ApiKeyView, NewApiKey } from './schemas.ts';
import { withRequestTotals } from './usage.ts';

const SHOWN_ONCE = 'This is the only time the full API key will be shown. Store it securely.';

async function userNames(agencyId: string, ids: readonly string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const { data } = await service()
    .entities.user.get(unique.map((id) => ({ agency_id: agencyId, id })))
    .go();
  return new Map(data.map((user) => [user.id, user.display_name ?? null]));
}

function view(key: ApiKeyItem, totalRequests: number, names: Map<string, string | null>): ApiKeyView {
  const creator = key.created_by_user_id;
  return {
    id: key.id,
    name: key.name,
    description: key.description ?? null,
    key_prefix: key.key_prefix,
    scopes: key.scopes,
    allowed_ips: key.allowed_ips ?? null,
    rate_limit_per_minute: key.rate_limit_per_minute,
    rate_limit_per_day: key.rate_limit_per_day,
    is_active: key.is_active,
    expires_at: key.expires_at ?? null,
    last_used_at: key.last_used_at ?? null,
    last_used_ip: key.last_used_ip ?? null,
    total_requests: totalRequests,
    created_at: key.created_at,
    created_by: creator ? { id: creator, name: names.get(creator) ?? null } : null,
    revoked_at: key.revoked_at ?? null,
  };
}

/**
 * Creates a key for the agency and returns it with the key itself, which is stored only as its
 * SHA-256: this response is the one chance to copy it. The hash's uniqueness marker is claimed in
 * the same transaction as the key.
 */
export async function createApiKey(
  agencyId: string,
  input: NewApiKey,
  principal: Principal,
  facts: AuditRequest,
): Promise<ApiKeyView & { key: string; warning: string }> {
  const granted = grantedPermissions(principal);
  const beyond = input.scopes.filter((scope) => !satisfies(granted, scope));
  if (beyond.length > 0) {
    throw new ApiError('AUTH_004', {
      message: `A key cannot be given scopes its creator does not hold: ${beyond.join(', ')}`,
    });
  }
  const key = generateApiKey();
  const id = randomUUID();
  const hash = hashApiKey(key);
  const outcome = await service()
    .transaction.write((tx) => [
      tx.apiKey
        .create({
          id,
          agency_id: agencyId,
          ...(principal.kind === 'user' ? { created_by_user_id: principal.sub } : {}),
          name: input.name,
          description: input.description,
          key_hash: hash,
          key_prefix: keyPrefix(key),
          scopes: input.scopes,
          allowed_ips: input.allowed_ips ?? undefined,
          rate_limit_per_minute: input.rate_limit_per_minute,
          rate_limit_per_day: input.rate_limit_per_day,
          expires_at: input.expires_at ?? undefined,
        })
        .commit(),
      claimUnique(tx, { namespace: 'api_key_hash', value: hash }, id),
    ])
    .go();
  // Neither condition can fail on purpose: the id is new and 256 random bits do not collide.
  assertCommitted(outcome, [null, null]);
  const { data: stored } = await service()
    .entities.apiKey.get({ agency_id: agencyId, id })
    .go({ consistent: true });
  if (!stored) throw new ApiError('SYS_001');
  await recordAudit(
    {
      agency_id: agencyId,
      action: 'api_key_create',
      action_category: 'auth',
      resource_type: 'api_key',
      resource_id: id,
      resource_name: stored.name,
      ...auditActor(principal),
      metadata: {
        key_prefix: stored.key_prefix,
        scopes: stored.scopes,
        allowed_ips: stored.allowed_ips ?? null,
        expires_at: stored.expires_at ?? null,
        rate_limit_per_minute: stored.rate_limit_per_minute,
        rate_limit_per_day: stored.rate_limit_per_day,
      },
    },
    facts,
  );
  const names = await userNames(agencyId, stored.created_by_user_id ? [stored.created_by_user_id] : []);
  return { ...view(stored, 0, names), key, warning: SHOWN_ONCE };
}

/** The agency's keys, active and revoked, newest first; each shows its prefix, never the key. */
export async function listApiKeys(agencyId: string): Promise<ApiKeyView[]> {
  const { data } = await service().entities.apiKey.query.byId({ agency_id: agencyId }).go({ pages: 'all' });
  const creators = data.flatMap((key) => (key.created_by_user_id ? [key.created_by_user_id] : []));
  const [totals, names] = await Promise.all([withRequestTotals(data), userNames(agencyId, creators)]);
  return data
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .map((key) => view(key, totals.get(key.id) ?? key.total_requests, names));
}

/**
 * Revokes a key: it stops working on the next request (`shared/auth/authenticate.ts` reads it
 * every time). Revoking a revoked key changes nothing and answers its original revocation; a key
 * of another agency is not found.
 */
export async function revokeApiKey(
  agencyId: string,
  keyId: string,
  principal: Principal,
  facts: AuditRequest,
): Promise<{ message: string; id: string; revoked_at: string }> {
  const revokedAt = nowIso();
  try {
    const { data } = await service()
      .entities.apiKey.patch({ agency_id: agencyId, id: keyId })
      .set({
        is_active: false,
        revoked_at: revokedAt,
        ...(principal.kind === 'user' ? { revoked_by_user_id: principal.sub } : {}),
      })
      .where(({ is_active }, { eq }) => eq(is_active, true))
      .go({ response: 'all_new' });
    await recordAudit(
      {
        agency_id: agencyId,
        action: 'api_key_revoke',
        action_category: 'auth',
        resource_type: 'api_key',
        resource_id: keyId,
        resource_name: data.name,
        ...auditActor(principal),
        metadata: { key_prefix: data.key_prefix },
      },
      facts,
    );
    return { message: 'API key revoked', id: keyId, revoked_at: revokedAt };
  } catch (error) {
    // The key is missing (or another agency's: keys are keyed by agency), or already revoked.
    if (!isConditionalCheckFailure(error)) throw error;
    const { data } = await service()
      .entities.apiKey.get({ agency_id: agencyId, id: keyId })
      .go({ consistent: true });
    if (!data) throw notFound('API key');
    return { message: 'API key was already revoked', id: keyId, revoked_at: data.revoked_at ?? revokedAt };
  }
}
