/**
 * Plans as super admins manage them (PRD §6.9): every plan with the number of agencies on it, a
 * plan chosen by name or id for an agency, and plan updates. A change of `max_seats` is copied
 * onto every agency on the plan (`plan-seats.ts`), because each agency's seat condition reads its
 * own copy.
 */
import type { PlanItem } from '../data/entities/plans.ts';
import { service } from '../data/service.ts';
import { toPublicPlan } from '../plans/public-plans.ts';
import type { AuditRequest } from '../team/team-audit.ts';
import { type PlatformAdmin, recordAdminAudit } from './admin-caller.ts';
import { planByName, plansById } from './plan-lookup.ts';
import { propagatePlanSeats } from './plan-seats.ts';
import { readCounters } from './platform-counters.ts';
import type { AdminPlan, SeatPropagation, UpdatePlan } from './schemas.ts';

function toAdminPlan(plan: PlanItem, agencies: { total: number; active: number } | undefined): AdminPlan {
  return {
    id: plan.id,
    ...toPublicPlan(plan),
    sort_order: plan.sort_order,
    is_active: plan.is_active,
    is_visible: plan.is_visible,
    agencies: agencies ?? { total: 0, active: 0 },
    created_at: plan.created_at,
    updated_at: plan.updated_at,
  };
}

/** Every plan (inactive and hidden ones included) in display order, with its agency counts. */
export async function listAdminPlans(): Promise<AdminPlan[]> {
  const [plans, counters] = await Promise.all([plansById(), readCounters()]);
  return [...plans.values()]
    .sort((a, b) => a.sort_order - b.sort_order)
    .map((plan) => toAdminPlan(plan, counters.get(`plan:${plan.name}`)));
}

type PlanField = keyof UpdatePlan;

/**
 * Updates plan `name`. A new `max_seats` is written to the plan first, then copied onto its
 * agencies (see `propagatePlanSeats` for why that stays consistent); the answer reports how many
 * agencies changed and how many are now over the limit.
 */
export async function updatePlan(
  admin: PlatformAdmin,
  name: string,
  input: UpdatePlan,
  request: AuditRequest,
): Promise<AdminPlan & { seat_propagation: SeatPropagation | null }> {
  const before = await planByName(name);
  const changed = (Object.keys(input) as PlanField[]).filter(
    (field) => input[field] !== undefined && (input[field] ?? undefined) !== before[field],
  );
  if (changed.length > 0) {
    await service()
      .entities.plan.patch({ id: before.id })
      .data((attributes, { set, remove }) => {
        for (const field of changed) {
          const value = input[field];
          if (value === null) remove(attributes[field]);
          else set(attributes[field], value as never);
        }
      })
      .go();
  }
  const after = await planByName(name);
  const seatPropagation =
    changed.includes('max_seats') && input.max_seats !== undefined
      ? await propagatePlanSeats(after.id, input.max_seats)
      : null;

  if (changed.length > 0) {
    await recordAdminAudit(
      admin,
      {
        action: 'plan_update',
        resource_type: 'plan',
        resource_id: after.id,
        resource_name: after.name,
        changes: Object.fromEntries(
          changed.map((field) => [field, { old: before[field] ?? null, new: after[field] ?? null }]),
        ),
        ...(seatPropagation ? { metadata: { seat_propagation: seatPropagation } } : {}),
      },
      request,
    );
  }
  const counters = await readCounters();
  return { ...toAdminPlan(after, counters.get(`plan:${after.name}`)), seat_propagation: seatPropagation };
}
