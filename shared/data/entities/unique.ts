/**
 * Uniqueness markers: one item per (namespace, value) naming its owner. Written with `create`
 * (which fails if the item exists) in the same transaction as the owner, so two owners can never
 * claim one value; released with `delete` in the transaction that frees the value. Keys are
 * lowercased by ElectroDB, so every namespace is case-insensitive.
 *
 * Access patterns:
 * - `byValue` (table): who owns a value — get `{ namespace, value }`.
 *
 * Build markers with `../invariants.ts`, which scopes per-agency namespaces by agency id.
 */
import { Entity, type EntityItem } from 'electrodb';
import { createdAt, SERVICE } from '../attributes.ts';

/** Namespaces unique across the platform. */
export const GLOBAL_UNIQUE_NAMESPACES = [
  'agency_slug',
  'agency_domain',
  'super_admin_email',
  'template_code',
  'api_key_hash',
] as const;
/** Namespaces unique within one agency (the value is prefixed with the agency id). */
export const AGENCY_UNIQUE_NAMESPACES = ['user_email', 'client_slug'] as const;

/** The uniqueness-marker entity. */
export const unique = new Entity({
  model: { entity: 'unique', version: '1', service: SERVICE },
  attributes: {
    namespace: { type: [...GLOBAL_UNIQUE_NAMESPACES, ...AGENCY_UNIQUE_NAMESPACES] as const, required: true },
    value: { type: 'string', required: true },
    /** Id of the item holding the value. */
    owner_id: { type: 'string', required: true },
    created_at: createdAt(),
  },
  indexes: {
    byValue: { pk: { field: 'pk', composite: ['namespace', 'value'] }, sk: { field: 'sk', composite: [] } },
  },
});

/** An item as ElectroDB returns it. */
export type UniqueItem = EntityItem<typeof unique>;
