/**
 * Copying a plan's new `max_seats` onto the agencies on that plan. Each agency keeps its own copy
 * because the seat condition of `claimSeat` can only read the item it writes.
 *
 * Why the copies stay consistent without a lock: every write that puts a plan's `max_seats` on an
 * agency — creating an agency, moving an agency to a plan, and this propagation — commits in one
 * transaction with a check that the plan still has that `max_seats`. So no agency is ever written
 * with a value its plan no longer has:
 * - an agency created or moved onto the plan after the plan's update reads the new value (or its
 *   check fails and it is retried);
 * - an agency already on the plan is rewritten here, each write conditioned on `plan_id` on the
 *   base table (strongly consistent), so an agency that has just left the plan is left alone;
 * - if the plan's seats change again meanwhile, the older propagation's checks fail and it stops
 *   (409 RES_003), and the newer one finishes the job.
 * Agencies are enumerated from the all-agencies index; because that index is eventually
 * consistent about `plan_id`, every agency is tried and the base-table condition decides. The one
 * gap is an agency created in the same instant as the update and not yet visible in the index;
 * saving the plan again repairs that (the propagation is idempotent).
 *
 * Lowering seats below an agency's active clients touches no client: the agency just cannot add
 * or reactivate clients until it is back under the limit.
 */
import { service } from '../data/service.ts';
import { ApiError } from '../http/errors.ts';
import { allAgencies } from './agency-directory.ts';
import type { SeatPropagation } from './schemas.ts';

/** Agencies written at once: enough to finish hundreds quickly, few enough not to throttle. */
const CONCURRENCY = 10;

type Outcome = 'updated' | 'not_on_plan' | 'superseded';

async function copySeats(agencyId: string, planId: string, maxSeats: number): Promise<Outcome> {
  const result = await service()
    .transaction.write((tx) => [
      tx.plan
        .check({ id: planId })
        .where(({ max_seats }, { eq }) => eq(max_seats, maxSeats))
        .commit(),
      tx.agency
        .patch({ id: agencyId })
        .set({ max_seats: maxSeats })
        .where(({ plan_id }, { eq }) => eq(plan_id, planId))
        .commit(),
    ])
    .go();
  if (!result.canceled) return 'updated';
  const [planCheck, agencyWrite] = result.data;
  if (planCheck?.code === 'ConditionalCheckFailed') return 'superseded';
  if (agencyWrite?.code === 'ConditionalCheckFailed') return 'not_on_plan';
  throw new ApiError('SYS_001', { message: 'The plan change could not be applied; please save it again' });
}

/** Sets `max_seats` of every agency on plan `planId`; see the module comment. */
export async function propagatePlanSeats(planId: string, maxSeats: number): Promise<SeatPropagation> {
  const agencies = await allAgencies();
  const result: SeatPropagation = { max_seats: maxSeats, agencies_updated: 0, agencies_over_limit: 0 };
  for (let start = 0; start < agencies.length; start += CONCURRENCY) {
    const batch = agencies.slice(start, start + CONCURRENCY);
    const outcomes = await Promise.all(batch.map((agency) => copySeats(agency.id, planId, maxSeats)));
    if (outcomes.includes('superseded')) {
      throw new ApiError('RES_003', {
        message: "The plan's seats were changed again meanwhile; the newer change is applied instead",
      });
    }
    outcomes.forEach((outcome, index) => {
      if (outcome !== 'updated') return;
      result.agencies_updated += 1;
      if ((batch[index]?.active_client_count ?? 0) > maxSeats) result.agencies_over_limit += 1;
    });
  }
  return result;
}
