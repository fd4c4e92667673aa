/**
 * Refresh-token families (not a PRD table; replaces its Redis sessions — DECISIONS.md). A family is
 * one sign-in: each refresh rotates the token, storing only the hash of the current one and its
 * generation, so presenting an older token reveals theft and revokes the whole family.
 *
 * Access patterns:
 * - `byUser` (table): one family — get `{ user_id, id }`; every session of a user (sign out
 *   everywhere, password change) — query `{ user_id }`.
 *
 * Ephemeral: `ttl` follows `expires_at`, so DynamoDB deletes a family once it can no longer be used.
 * Readers must still check `expires_at`, since TTL deletion is lazy.
 */
import { Entity, type EntityItem } from 'electrodb';
import { counter, createdAt, fixedRef, flag, id, SERVICE, timestamp, updatedAt } from '../attributes.ts';
import { epochSeconds, ISO_UTC } from '../time.ts';

/** The refresh-token-family entity. */
export const refreshTokenFamily = new Entity({
  model: { entity: 'refresh_token_family', version: '1', service: SERVICE },
  attributes: {
    id: id(),
    user_id: fixedRef(),
    /** Absent for super admins, who belong to no agency. */
    agency_id: { type: 'string', readOnly: true },
    /** SHA-256 (hex) of the only token of this family that may be used next. */
    current_token_hash: { type: 'string', required: true },
    /** Incremented on every rotation; the token carries it. */
    generation: counter(1),
    revoked: flag(false),
    revoked_at: timestamp(),
    /** When the family stops being usable (the refresh token lifetime, PRD §5.2.3). */
    expires_at: { type: 'string', required: true, validate: ISO_UTC },
    /** Derived from `expires_at`: epoch seconds for DynamoDB TTL. */
    ttl: {
      type: 'number',
      watch: ['expires_at'],
      set: (_: unknown, item: { expires_at?: string }) =>
        item.expires_at === undefined ? undefined : epochSeconds(item.expires_at),
    },
    ip_address: { type: 'string' },
    user_agent: { type: 'string' },
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  indexes: {
    byUser: { pk: { field: 'pk', composite: ['user_id'] }, sk: { field: 'sk', composite: ['id'] } },
  },
});

/** An item as ElectroDB returns it. */
export type RefreshTokenFamilyItem = EntityItem<typeof refreshTokenFamily>;
