/**
 * Deactivating (PRD §6.3 `DELETE /api/v1/clients/{client_id}`, a soft delete) and reactivating a
 * client. Activity is what holds a seat (PRD §1.4): the client write, the agency's seat counter and
 * the platform's active-client counter change in one transaction. The client write is conditioned
 * on the activity the decision was based on, so of two concurrent requests for the same change
 * only one moves the counters; the other finds the change already made and succeeds without
 * effect, as does a repeated request.
 */
import { bumpCounter } from '../admin/platform-counters.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import { claimSeat, releaseSeat } from '../data/invariants.ts';
import { service, type WriteTransactionEntities } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { assertCommitted } from '../data/transactions.ts';
import { ApiError } from '../http/errors.ts';
import { type AuditRequest, recordClientAudit } from './client-audit.ts';
import { toClientDetail } from './client-views.ts';
import type { ClientsCaller } from './clients-caller.ts';
import { getClient } from './read-clients.ts';
import type { ClientDetail } from './schemas.ts';

/**
 * The client patch that sets `is_active` from `!active` to `active`. `created_at` is part of the
 * `byActive` key ElectroDB rebuilds, and read-only, so it is supplied through `.composite()`.
 */
function setActivity(
  tx: WriteTransactionEntities,
  client: ClientItem,
  active: boolean,
  fields: { deactivated_at?: string; deactivation_reason?: string },
) {
  const patch = tx.client
    .patch({ agency_id: client.agency_id, id: client.id })
    .set({ is_active: active, ...fields });
  return (active ? patch.remove(['deactivated_at', 'deactivation_reason']) : patch)
    .composite({ created_at: client.created_at })
    .where(({ is_active }, { eq }) => eq(is_active, !active))
    .commit();
}

type WriteItems = Parameters<ReturnType<typeof service>['transaction']['write']>[0];

/**
 * Runs `items`, whose first item is the activity change of `client` to `active`. When that item's
 * condition failed because a concurrent request already made the same change, this one succeeds
 * without effect (returns false); any other refusal throws the error paired with its item.
 */
async function changeActivity(
  caller: ClientsCaller,
  client: ClientItem,
  active: boolean,
  items: WriteItems,
  errors: ReadonlyArray<ApiError | null>,
): Promise<boolean> {
  const outcome = await service().transaction.write(items).go();
  if (outcome.canceled) {
    const reasons: ReadonlyArray<{ code?: string }> = outcome.data;
    const raced = reasons[0]?.code === 'ConditionalCheckFailed';
    if (raced && (await getClient(caller, client.id)).is_active === active) return false;
    assertCommitted(outcome, errors); // throws: the outcome is cancelled
  }
  return true;
}

/** Deactivates client `clientId` of the caller's agency, freeing its seat; idempotent. */
export async function deactivateClient(
  caller: ClientsCaller,
  clientId: string,
  reason: string | undefined,
  request: AuditRequest,
): Promise<{ message: string }> {
  const client = await getClient(caller, clientId);
  const result = { message: 'Client deactivated successfully' };
  if (!client.is_active) return result;

  const changed = await changeActivity(
    caller,
    client,
    false,
    (tx) => [
      setActivity(tx, client, false, {
        deactivated_at: nowIso(),
        ...(reason ? { deactivation_reason: reason } : {}),
      }),
      releaseSeat(tx, caller.agency_id),
      bumpCounter(tx, 'clients', { active: -1 }),
    ],
    [null, null, null],
  );
  if (changed) {
    await recordClientAudit(
      caller,
      'client_deactivate',
      client,
      { changes: { is_active: { old: true, new: false } }, ...(reason ? { metadata: { reason } } : {}) },
      request,
    );
  }
  return result;
}

/**
 * Reactivates client `clientId` of the caller's agency, taking a seat: 400 BIZ_001 when the plan's
 * seats are all taken (also after a downgrade below current usage). Idempotent.
 */
export async function reactivateClient(
  caller: ClientsCaller,
  clientId: string,
  request: AuditRequest,
): Promise<ClientDetail> {
  const client = await getClient(caller, clientId);
  if (client.is_active) return toClientDetail(client);

  const changed = await changeActivity(
    caller,
    client,
    true,
    (tx) => [
      setActivity(tx, client, true, {}),
      claimSeat(tx, caller.agency_id),
      bumpCounter(tx, 'clients', { active: 1 }),
    ],
    [null, new ApiError('BIZ_001'), null],
  );
  if (changed) {
    await recordClientAudit(
      caller,
      'client_reactivate',
      client,
      { changes: { is_active: { old: false, new: true } } },
      request,
    );
  }
  return toClientDetail(await getClient(caller, clientId));
}
