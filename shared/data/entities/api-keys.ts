/**
 * API keys for programmatic access (PRD §4.2.10). Only the SHA-256 hash of a key is stored; the
 * key itself is shown once at creation.
 *
 * Access patterns:
 * - `byId`   (table): key by id within agency — get `{ agency_id, id }`; the agency's keys —
 *   query `{ agency_id }`.
 * - `byHash` (gsi1, cross-tenant): key by hash (request authentication, where the agency is not
 *   known yet) — query `{ key_hash }`. Uniqueness: `unique` marker `api_key_hash`.
 */
import { Entity, type EntityItem } from 'electrodb';
import { type Permission, ROLE_PERMISSIONS } from '../../auth/permissions.ts';
import {
  counter,
  createdAt,
  enumList,
  fixedRef,
  flag,
  id,
  SERVICE,
  stringList,
  timestamp,
  updatedAt,
} from '../attributes.ts';

/**
 * Operations a key may be granted (PRD §4.2.10 `scopes`): any of the agency admin's permissions
 * (PRD §5.4.1), which the `authorize` middleware checks like a role's. `self` is left out: a key
 * is not an account. (The PRD's example `schedule:read` is `schedule:list` in the matrix.)
 */
export const API_KEY_SCOPES: readonly Permission[] = [...ROLE_PERMISSIONS.agency_admin].filter(
  (permission) => permission !== 'self',
);

/** The API-key entity. */
export const apiKey = new Entity({
  model: { entity: 'api_key', version: '1', service: SERVICE },
  attributes: {
    id: id(),
    agency_id: fixedRef(),
    created_by_user_id: { type: 'string' },
    name: { type: 'string', required: true },
    description: { type: 'string' },
    /** Lowercase hex SHA-256 of the full key (keys are compared case-insensitively). */
    key_hash: { type: 'string', required: true, readOnly: true, validate: /^[0-9a-f]{64}$/ },
    /** e.g. `csa_live_ab`, for recognising a key in lists. */
    key_prefix: { type: 'string', required: true, readOnly: true },
    scopes: enumList(API_KEY_SCOPES),
    /** Absent = every IP allowed; entries are addresses or CIDR ranges. */
    allowed_ips: stringList(),
    rate_limit_per_minute: { type: 'number', required: true, default: 60 },
    rate_limit_per_day: { type: 'number', required: true, default: 10_000 },
    is_active: flag(true),
    /** Absent = never expires. */
    expires_at: timestamp(),
    last_used_at: timestamp(),
    last_used_ip: { type: 'string' },
    total_requests: counter(),
    created_at: createdAt(),
    /** Not in the PRD table; every entity keeps it. */
    updated_at: updatedAt(),
    revoked_at: timestamp(),
    revoked_by_user_id: { type: 'string' },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['agency_id'] }, sk: { field: 'sk', composite: ['id'] } },
    byHash: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['key_hash'] },
      sk: { field: 'gsi1sk', composite: [] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type ApiKeyItem = EntityItem<typeof apiKey>;
