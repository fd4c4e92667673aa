/**
 * Single-use tokens sent by email (password reset, email verification, invitation). Only the
 * SHA-256 of the token is stored, keyed by it, so a link resolves with one get and a leaked table
 * reveals no usable token. Consuming is a conditional delete: a token works once, even when the
 * link is opened twice at the same moment.
 *
 * Access patterns:
 * - `byHash` (table): the token a link carries — get / delete `{ token_hash }`.
 * - `byUser` (gsi1):  a user's outstanding tokens of one purpose — query `{ user_key, purpose }`
 *   (issuing a new reset link revokes the older ones).
 *
 * Ephemeral: `ttl` = `expires_at`, so expired tokens disappear on their own; readers also check
 * `expires_at` because DynamoDB deletes lazily.
 */
import { Entity, type EntityItem } from 'electrodb';
import { createdAt, SERVICE, timestamp } from '../attributes.ts';
import { epochSeconds } from '../time.ts';

export const ONE_TIME_TOKEN_PURPOSES = ['password_reset', 'email_verification', 'invitation'] as const;

/** The one-time-token entity. */
export const oneTimeToken = new Entity({
  model: { entity: 'one_time_token', version: '1', service: SERVICE },
  attributes: {
    /** Lowercase hex SHA-256 of the token. */
    token_hash: { type: 'string', required: true, readOnly: true, validate: /^[0-9a-f]{64}$/ },
    purpose: { type: ONE_TIME_TOKEN_PURPOSES, required: true, readOnly: true },
    /** `{agency_id}/{user_id}` for agency users, `platform/{user_id}` for super admins. */
    user_key: { type: 'string', required: true, readOnly: true },
    agency_id: { type: 'string', readOnly: true },
    user_id: { type: 'string', required: true, readOnly: true },
    expires_at: { ...timestamp(), required: true, readOnly: true },
    created_at: createdAt(),
    /** Derived from `expires_at`: epoch seconds for DynamoDB TTL. */
    ttl: {
      type: 'number',
      watch: ['expires_at'],
      set: (_: unknown, item: { expires_at?: string }) =>
        item.expires_at === undefined ? undefined : epochSeconds(item.expires_at),
    },
  },
  indexes: {
    byHash: { pk: { field: 'pk', composite: ['token_hash'] }, sk: { field: 'sk', composite: [] } },
    byUser: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['user_key'] },
      sk: { field: 'gsi1sk', composite: ['purpose', 'created_at'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type OneTimeTokenItem = EntityItem<typeof oneTimeToken>;
