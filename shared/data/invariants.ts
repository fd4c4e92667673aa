/**
 * Invariants the database enforces. Each is a conditional write, so concurrent requests cannot both
 * succeed where only one may: no read-then-write. Uniqueness and seats are transaction items, built
 * from the entities a `service().transaction.write(...)` callback receives, to commit together with
 * the write they guard; the credit counters are single conditional updates (`.go()`).
 */
import type { AGENCY_UNIQUE_NAMESPACES, GLOBAL_UNIQUE_NAMESPACES } from './entities/unique.ts';
import { service, type WriteTransactionEntities } from './service.ts';
import { nowIso } from './time.ts';

/** A value that must be unique: platform-wide, or within one agency. */
export type UniqueRef =
  | { namespace: (typeof GLOBAL_UNIQUE_NAMESPACES)[number]; value: string }
  | { namespace: (typeof AGENCY_UNIQUE_NAMESPACES)[number]; agency_id: string; value: string };

/** The marker key of a value; per-agency values are prefixed with the agency id. */
function markerKey(ref: UniqueRef) {
  return {
    namespace: ref.namespace,
    value: 'agency_id' in ref ? `${ref.agency_id}/${ref.value}` : ref.value,
  };
}

/** Claims `ref` for `ownerId`; cancels the transaction if anyone holds it. */
export function claimUnique(tx: WriteTransactionEntities, ref: UniqueRef, ownerId: string) {
  return tx.unique.create({ ...markerKey(ref), owner_id: ownerId }).commit();
}

/** Frees `ref`, only if `ownerId` holds it (a stale release cannot free someone else's claim). */
export function releaseUnique(tx: WriteTransactionEntities, ref: UniqueRef, ownerId: string) {
  return tx.unique
    .delete(markerKey(ref))
    .where(({ owner_id }, { eq }) => eq(owner_id, ownerId))
    .commit();
}

/**
 * Takes one seat: `active_client_count + 1`, only while `active_client_count < max_seats`. Commit it
 * with the write that creates or reactivates the client; its cancellation means "seat limit".
 */
export function claimSeat(tx: WriteTransactionEntities, agencyId: string) {
  return tx.agency
    .patch({ id: agencyId })
    .add({ active_client_count: 1 })
    .where(
      ({ active_client_count, max_seats }, { name }) => `${name(active_client_count)} < ${name(max_seats)}`,
    )
    .commit();
}

/** Gives a seat back (client deactivated or deleted), never below zero. */
export function releaseSeat(tx: WriteTransactionEntities, agencyId: string) {
  return tx.agency
    .patch({ id: agencyId })
    .subtract({ active_client_count: 1 })
    .where(({ active_client_count }, { gt }) => gt(active_client_count, 0))
    .commit();
}

/**
 * Adds `cents` to the usage of the period that started at `periodStart`; fails if the period has
 * been reset meanwhile, so a charge never lands in the wrong period (re-read and retry).
 */
export function chargeCredits(agencyId: string, cents: number, periodStart: string) {
  return service()
    .entities.agency.patch({ id: agencyId })
    .add({ api_usage_cents_current_period: cents })
    .where(({ api_usage_period_start }, { eq }) => eq(api_usage_period_start, periodStart));
}

/** Records the 80% warning of the period that started at `periodStart`; succeeds once per period. */
export function markUsageWarningSent(agencyId: string, periodStart: string) {
  return service()
    .entities.agency.patch({ id: agencyId })
    .set({ api_usage_warning_sent_at: nowIso() })
    .where(
      ({ api_usage_period_start, api_usage_warning_sent_at }, { eq, notExists }) =>
        `${eq(api_usage_period_start, periodStart)} AND ${notExists(api_usage_warning_sent_at)}`,
    );
}

/**
 * Starts the usage period `next` of an agency whose period ended at `endedAt`: usage back to
 * zero, warning cleared. Conditional on the old period, so a repeated sweep is a no-op.
 */
export function startUsagePeriod(agencyId: string, endedAt: string, next: { start: string; end: string }) {
  return service()
    .entities.agency.patch({ id: agencyId })
    .set({
      api_usage_cents_current_period: 0,
      api_usage_nano_usd_current_period: 0,
      api_usage_period_start: next.start,
      api_usage_period_end: next.end,
    })
    .remove(['api_usage_warning_sent_at'])
    .where(({ api_usage_period_end }, { eq }) => eq(api_usage_period_end, endedAt));
}
