/**
 * The rule "an agency always keeps at least one active agency admin", enforced by the database:
 * each agency has a counter item `active_admin_count`, changed in the same transaction as every
 * write that makes a user an active admin (created as admin, promoted) or stops one being one
 * (demoted, deactivated). Taking an admin away is conditional on `active_admin_count > 1`, so
 * two concurrent demotions of the last two admins cannot both commit, whoever asks (including
 * an admin removing themself).
 *
 * A separate item rather than an attribute of the agency: the agency entity belongs to the data
 * layer, and keeping this counter apart also keeps it off the agency item that every credit
 * charge updates.
 *
 * Access pattern:
 * - `byAgency` (table): the counter of an agency — get / update `{ agency_id }` (tenant id in the
 *   partition key, next to the agency's users).
 *
 * Not part of `service()`; ElectroDB accepts its `.commit()` items in any
 * `service().transaction.write(...)` on the same table.
 */
import { Entity } from 'electrodb';
import { boundEntity } from '../admin/bound-entity.ts';
import { fixedRef, SERVICE } from '../data/attributes.ts';
import { ApiError } from '../http/errors.ts';

const agencyAdminCount = boundEntity(
  new Entity({
    model: { entity: 'agency_admin_count', version: '1', service: SERVICE },
    attributes: {
      agency_id: fixedRef(),
      active_admin_count: { type: 'number' },
    },
    indexes: {
      byAgency: { pk: { field: 'pk', composite: ['agency_id'] }, sk: { field: 'sk', composite: [] } },
    },
  }),
);

/** Transaction item: one more active admin (created on the agency's first admin). */
export function addActiveAdmin(agencyId: string) {
  return agencyAdminCount.tx().update({ agency_id: agencyId }).add({ active_admin_count: 1 }).commit();
}

/**
 * Transaction item: one active admin fewer, only while another remains. Its cancellation means
 * `lastAdminError()`.
 */
export function removeActiveAdmin(agencyId: string) {
  return agencyAdminCount
    .tx()
    .patch({ agency_id: agencyId })
    .subtract({ active_admin_count: 1 })
    .where(({ active_admin_count }, { gt }) => gt(active_admin_count, 1))
    .commit();
}

/** 409 RES_003: the change would leave the agency without an active admin. */
export function lastAdminError(): ApiError {
  return new ApiError('RES_003', {
    message: 'The agency must keep at least one active agency admin',
  });
}

/** The agency's active admins, as counted (0 for an agency that never had one). */
export async function activeAdminCount(agencyId: string): Promise<number> {
  const { data } = await agencyAdminCount().get({ agency_id: agencyId }).go({ consistent: true });
  return data?.active_admin_count ?? 0;
}
