/**
 * The active-admin counter of an agency: one item per agency holding `active_admin_count`, the
 * number of its users who are active agency admins. It moves in the same transaction as every
 * write that makes a user an active admin (created as admin, promoted) or stops one being one
 * (demoted, deactivated), and taking an admin away is conditional on `active_admin_count > 1`,
 * so the database keeps "an agency always keeps at least one active agency admin".
 *
 * A separate item rather than an attribute of the agency, so the agency item that every credit
 * charge updates is not also the one every team change updates.
 *
 * Access patterns (tenant id in the partition key, next to the agency's users):
 * - `byAgency` (table): the counter of an agency — get / update / patch `{ agency_id }`; `update`
 *   creates it with the agency's first admin.
 *
 * Build its transaction items with `../../team/active-admins.ts`, which owns the rule.
 */
import { Entity, type EntityItem } from 'electrodb';
import { fixedRef, SERVICE } from '../attributes.ts';

/** The agency active-admin-counter entity. */
export const agencyAdminCount = new Entity({
  model: { entity: 'agency_admin_count', version: '1', service: SERVICE },
  attributes: {
    agency_id: fixedRef(),
    active_admin_count: { type: 'number' },
  },
  indexes: {
    byAgency: { pk: { field: 'pk', composite: ['agency_id'] }, sk: { field: 'sk', composite: [] } },
  },
});

/** An item as ElectroDB returns it. */
export type AgencyAdminCountItem = EntityItem<typeof agencyAdminCount>;
