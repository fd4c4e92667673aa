/**
 * What each write counts on the platform counters behind `GET /api/v1/admin/system/stats`
 * (`platformCounter`, `../data/entities/platform-counters.ts`: one item per subject holding
 * `total` and `active`). Each counter moves in the SAME transaction as the write it counts (agency,
 * client or user created; agency or user (de)activated; agency moved to another plan), so the
 * statistics are exact without ever scanning the table, and a cancelled write changes no counter.
 *
 * The transaction items are built from the entities a `service().transaction.write(...)` callback
 * receives, to commit together with the write they count.
 */
import type { PLAN_NAMES } from '../data/entities/plans.ts';
import { service, type WriteTransactionEntities } from '../data/service.ts';

type PlanName = (typeof PLAN_NAMES)[number];

/** What a counter counts. `plan:<name>` counts the agencies on that plan. */
export type CounterSubject = 'agencies' | `plan:${PlanName}` | 'clients' | 'users' | 'super_admins';

/** How much a write changes a counter. */
export interface CounterDelta {
  total?: number;
  active?: number;
}

/**
 * A transaction item adding `delta` (non-zero entries only) to `subject`'s counter. `update`
 * creates the item on first use, so a fresh table needs no set-up.
 */
export function bumpCounter(tx: WriteTransactionEntities, subject: CounterSubject, delta: CounterDelta) {
  return tx.platformCounter.update({ subject }).add(delta).commit();
}

type CounterMove = ReturnType<typeof bumpCounter>;

/** The moves among `deltas` that change something (a transaction item must not be a no-op). */
function moves(tx: WriteTransactionEntities, deltas: Array<[CounterSubject, CounterDelta]>): CounterMove[] {
  return deltas.flatMap(([subject, delta]) => {
    const changes = Object.fromEntries(Object.entries(delta).filter(([, value]) => value !== 0));
    return Object.keys(changes).length > 0 ? [bumpCounter(tx, subject, changes)] : [];
  });
}

/** The counter moves of a new, active agency on `planName`. */
export function countNewAgency(tx: WriteTransactionEntities, planName: PlanName): CounterMove[] {
  return moves(tx, [
    ['agencies', { total: 1, active: 1 }],
    [`plan:${planName}`, { total: 1, active: 1 }],
  ]);
}

/** An agency's counted state: which plan it is on and whether it is active. */
export interface AgencyCountState {
  plan: PlanName;
  is_active: boolean;
}

/**
 * The counter moves of an agency changing from `before` to `after` (plan and/or activity); empty
 * when neither changes. Commit them with the agency write, conditioned on `before`.
 */
export function countAgencyChange(
  tx: WriteTransactionEntities,
  before: AgencyCountState,
  after: AgencyCountState,
): CounterMove[] {
  const active = (state: AgencyCountState) => (state.is_active ? 1 : 0);
  const agencies: [CounterSubject, CounterDelta] = ['agencies', { active: active(after) - active(before) }];
  if (before.plan === after.plan) {
    return moves(tx, [agencies, [`plan:${before.plan}`, { active: active(after) - active(before) }]]);
  }
  return moves(tx, [
    agencies,
    [`plan:${before.plan}`, { total: -1, active: -active(before) }],
    [`plan:${after.plan}`, { total: 1, active: active(after) }],
  ]);
}

/** Every counter, by subject; subjects never counted yet are absent. */
export async function readCounters(): Promise<Map<string, { total: number; active: number }>> {
  const { data } = await service().entities.platformCounter.query.bySubject({}).go({ pages: 'all' });
  return new Map(data.map((item) => [item.subject, { total: item.total ?? 0, active: item.active ?? 0 }]));
}
