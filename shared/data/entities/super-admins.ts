/**
 * Platform staff, role `super_admin` (PRD §4.2.3 rows with no agency). They sign in on the bare
 * platform domain, never an agency's.
 *
 * Access patterns:
 * - `byId`    (table): super admin by id — get `{ id }`.
 * - `byEmail` (gsi1):  super admin by email (login), or all of them — query `{ email }` / `{}`;
 *   case-insensitive keys. Uniqueness: `unique` marker `super_admin_email`.
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE } from '../attributes.ts';
import { userAttributes } from './user-attributes.ts';

/** The super-admin entity. */
export const superAdmin = new Entity({
  model: { entity: 'super_admin', version: '1', service: SERVICE },
  attributes: {
    ...userAttributes(),
    role: { type: ['super_admin'] as const, required: true, readOnly: true, default: 'super_admin' },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } },
    byEmail: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: [] },
      sk: { field: 'gsi1sk', composite: ['email'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type SuperAdminItem = EntityItem<typeof superAdmin>;
