/**
 * Platform-wide counters behind `GET /api/v1/admin/system/stats`: one small item per subject
 * (`agencies`, `plan:<name>`, `clients`, `users`, `super_admins`) holding `total` and `active`.
 * Each counter moves in the SAME transaction as the write it counts (agency, client or user
 * created; agency or user (de)activated; agency moved to another plan), so the statistics are
 * exact without ever scanning the table, and a cancelled write changes no counter.
 *
 * One item per subject rather than one item for everything because a DynamoDB transaction may
 * touch an item only once, and an agency's plan change must move two plan counters and perhaps
 * the agency counter in one transaction.
 *
 * Access patterns:
 * - `bySubject` (table): every counter — query `{}` (one partition of a handful of items, _platform_);
 *   one counter — get `{ subject }`.
 *
 * The entity is not part of `service()` (that file belongs to the data layer); ElectroDB accepts
 * its `.commit()` items in any `service().transaction.write(...)` on the same table.
 */
import { Entity } from 'electrodb';
import { SERVICE } from '../data/attributes.ts';
import type { PLAN_NAMES } from '../data/entities/plans.ts';
import { boundEntity } from './bound-entity.ts';

type PlanName = (typeof PLAN_NAMES)[number];

/** What a counter counts. `plan:<name>` counts the agencies on that plan. */
export type CounterSubject = 'agencies' | `plan:${PlanName}` | 'clients' | 'users' | 'super_admins';

const platformCounter = boundEntity(
  new Entity({
    model: { entity: 'platform_counter', version: '1', service: SERVICE },
    attributes: {
      subject: { type: 'string', required: true, readOnly: true },
      /** Everything ever created (nothing is hard-deleted while counted). */
      total: { type: 'number' },
      /** Of those, the ones currently active. */
      active: { type: 'number' },
    },
    indexes: {
      bySubject: { pk: { field: 'pk', composite: [] }, sk: { field: 'sk', composite: ['subject'] } },
    },
  }),
);

/** How much a write changes a counter. */
export interface CounterDelta {
  total?: number;
  active?: number;
}

/**
 * A transaction item adding `delta` (non-zero entries only) to `subject`'s counter. `update`
 * creates the item on first use, so a fresh table needs no set-up.
 */
export function bumpCounter(subject: CounterSubject, delta: CounterDelta) {
  return platformCounter.tx().update({ subject }).add(delta).commit();
}

type CounterMove = ReturnType<typeof bumpCounter>;

/** The moves among `deltas` that change something (a transaction item must not be a no-op). */
function moves(deltas: Array<[CounterSubject, CounterDelta]>): CounterMove[] {
  return deltas.flatMap(([subject, delta]) => {
    const changes = Object.fromEntries(Object.entries(delta).filter(([, value]) => value !== 0));
    return Object.keys(changes).length > 0 ? [bumpCounter(subject, changes)] : [];
  });
}

/** The counter moves of a new, active agency on `planName`. */
export function countNewAgency(planName: PlanName): CounterMove[] {
  return moves([
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
export function countAgencyChange(before: AgencyCountState, after: AgencyCountState): CounterMove[] {
  const active = (state: AgencyCountState) => (state.is_active ? 1 : 0);
  const agencies: [CounterSubject, CounterDelta] = ['agencies', { active: active(after) - active(before) }];
  if (before.plan === after.plan) {
    return moves([agencies, [`plan:${before.plan}`, { active: active(after) - active(before) }]]);
  }
  return moves([
    agencies,
    [`plan:${before.plan}`, { total: -1, active: -active(before) }],
    [`plan:${after.plan}`, { total: 1, active: active(after) }],
  ]);
}

/** Every counter, by subject; subjects never counted yet are absent. */
export async function readCounters(): Promise<Map<string, { total: number; active: number }>> {
  const { data } = await platformCounter().query.bySubject({}).go({ pages: 'all' });
  return new Map(data.map((item) => [item.subject, { total: item.total ?? 0, active: item.active ?? 0 }]));
}
