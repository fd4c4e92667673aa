/**
 * The rule "an agency always keeps at least one active agency admin", enforced by the database:
 * each agency has a counter item (`agencyAdminCount`, `../data/entities/agency-admin-counts.ts`),
 * changed in the same transaction as every write that makes a user an active admin (created as
 * admin, promoted) or stops one being one (demoted, deactivated). Taking an admin away is
 * conditional on `active_admin_count > 1`, so two concurrent demotions of the last two admins
 * cannot both commit, whoever asks (including an admin removing themself).
 *
 * The transaction items are built from the entities a `service().transaction.write(...)` callback
 * receives, to commit together with the user write they count.
 */
import { service, type WriteTransactionEntities } from '../data/service.ts';
import { ApiError } from '../http/errors.ts';

/** Transaction item: one more active admin (created on the agency's first admin). */
export function addActiveAdmin(tx: WriteTransactionEntities, agencyId: string) {
  return tx.agencyAdminCount.update({ agency_id: agencyId }).add({ active_admin_count: 1 }).commit();
}

/**
 * Transaction item: one active admin fewer, only while another remains. Its cancellation means
 * `lastAdminError()`.
 */
export function removeActiveAdmin(tx: WriteTransactionEntities, agencyId: string) {
  return tx.agencyAdminCount
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
  const { data } = await service()
    .entities.agencyAdminCount.get({ agency_id: agencyId })
    .go({ consistent: true });
  return data?.active_admin_count ?? 0;
}
