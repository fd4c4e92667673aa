/**
 * A super admin changing an agency (PRD §6.9 `PUT /api/v1/admin/agencies/{agency_id}`): plan,
 * subscription status, activity and notes, in one transaction with the platform counters.
 *
 * A plan change rewrites the agency's copy of `max_seats` in the same write, checked against the
 * plan (see `plan-seats.ts`). A downgrade below the agency's active clients touches no client:
 * the seat condition simply refuses new ones until the agency is back under the limit. The agency
 * write is conditioned on the plan and activity it was read with, so concurrent changes cannot
 * miscount (409 RES_003, retry).
 */
import type { AgencyItem } from '../data/entities/agencies.ts';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { assertCommitted } from '../data/transactions.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { AuditRequest } from '../team/team-audit.ts';
import { clearTenantCache } from '../tenancy/resolve-tenant.ts';
import { type PlatformAdmin, recordAdminAudit } from './admin-caller.ts';
import { agencyDetail } from './agency-directory.ts';
import { choosePlan, plansById } from './plan-lookup.ts';
import { countAgencyChange } from './platform-counters.ts';
import type { AgencyDetail, UpdateAgency } from './schemas.ts';

/** The agency attributes this update may change, with their new values (`null` = remove). */
type AgencyChanges = Partial<
  Pick<
    AgencyItem,
    'plan_id' | 'max_seats' | 'subscription_status' | 'subscription_canceled_at' | 'is_active' | 'notes'
  >
>;

/** The changed attributes of `before` that `input` asks for. */
async function changesFor(before: AgencyItem, input: UpdateAgency) {
  const changes: AgencyChanges = {};
  let removeNotes = false;
  const nextPlan =
    input.plan !== undefined || input.plan_id !== undefined ? await choosePlan(input) : undefined;
  if (nextPlan && nextPlan.id !== before.plan_id) {
    changes.plan_id = nextPlan.id;
    changes.max_seats = nextPlan.max_seats;
  }
  if (input.subscription_status !== undefined && input.subscription_status !== before.subscription_status) {
    changes.subscription_status = input.subscription_status;
    // The PRD keeps when cancellation was requested; other statuses leave it as it was.
    if (input.subscription_status === 'canceled') changes.subscription_canceled_at = nowIso();
  }
  if (input.is_active !== undefined && input.is_active !== before.is_active)
    changes.is_active = input.is_active;
  if (input.notes === null) removeNotes = before.notes !== undefined;
  else if (input.notes !== undefined && input.notes !== before.notes) changes.notes = input.notes;
  return { changes, removeNotes, nextPlan: changes.plan_id ? nextPlan : undefined };
}

/** Applies `input` to agency `agencyId` and returns its detail as it is now. */
export async function updateAgency(
  admin: PlatformAdmin,
  agencyId: string,
  input: UpdateAgency,
  request: AuditRequest,
): Promise<AgencyDetail> {
  const entities = service().entities;
  const { data: before } = await entities.agency.get({ id: agencyId }).go({ consistent: true });
  if (!before) throw notFound('Agency');
  const { changes, removeNotes, nextPlan } = await changesFor(before, input);
  if (Object.keys(changes).length === 0 && !removeNotes) return agencyDetail(agencyId);

  const plans = await plansById();
  const beforePlan = plans.get(before.plan_id);
  if (!beforePlan)
    throw new ApiError('SYS_001', { message: `Plan ${before.plan_id} of the agency is missing` });
  const countedBefore = { plan: beforePlan.name, is_active: before.is_active };
  const countedAfter = {
    plan: nextPlan?.name ?? beforePlan.name,
    is_active: changes.is_active ?? before.is_active,
  };
  const outcome = await service()
    .transaction.write((tx) => [
      tx.agency
        .patch({ id: agencyId })
        .data((attributes, { set, remove }) => {
          for (const [attribute, value] of Object.entries(changes) as Array<[keyof AgencyChanges, never]>)
            set(attributes[attribute], value);
          if (removeNotes) remove(attributes.notes);
        })
        .where(
          ({ plan_id, is_active }, { eq }) =>
            `${eq(plan_id, before.plan_id)} AND ${eq(is_active, before.is_active)}`,
        )
        .commit(),
      ...(nextPlan
        ? [
            tx.plan
              .check({ id: nextPlan.id })
              .where(({ max_seats }, { eq }) => eq(max_seats, nextPlan.max_seats))
              .commit(),
          ]
        : []),
      ...countAgencyChange(tx, countedBefore, countedAfter),
    ])
    .go();
  assertCommitted(outcome, [
    new ApiError('RES_003', { message: 'The agency was changed by another request; please retry' }),
    nextPlan ? new ApiError('RES_003', { message: 'The plan was changed meanwhile; please retry' }) : null,
  ]);
  // Status and activity decide whether the agency's host serves requests; forget this process's
  // cached answer at once (other processes' caches expire within 30 s).
  clearTenantCache();

  const after = await agencyDetail(agencyId);
  const recorded = [...Object.keys(changes), ...(removeNotes ? ['notes'] : [])] as Array<keyof AgencyChanges>;
  await recordAdminAudit(
    admin,
    {
      action: 'agency_update',
      resource_type: 'agency',
      resource_id: agencyId,
      resource_name: before.name,
      changes: Object.fromEntries(
        recorded.map((attribute) => [
          attribute,
          { old: before[attribute] ?? null, new: changes[attribute] ?? null },
        ]),
      ),
    },
    request,
  );
  return after;
}
