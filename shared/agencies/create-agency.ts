import { randomUUID } from 'node:crypto';
import { countNewAgency } from '../admin/platform-counters.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { PlanItem } from '../data/entities/plans.ts';
import { claimUnique } from '../data/invariants.ts';
import { service } from '../data/service.ts';
import { addMonths, nowIso } from '../data/time.ts';
import { assertCommitted } from '../data/transactions.ts';
import { ApiError } from '../http/errors.ts';

export interface NewAgency {
  name: string;
  slug: string;
  plan: Pick<PlanItem, 'id' | 'name' | 'max_seats'>;
  company_email?: string;
  company_website?: string;
  notification_email?: string;
  notes?: string;
}

/**
 * Creates an agency on `plan` with its slug claimed in the same transaction (a taken slug is
 * 409 RES_002). The plan's seat limit is copied onto the agency so the seat condition can read
 * it; the transaction also checks the plan still has that limit (409 RES_003 if it changed since
 * it was read), so no agency is ever created with a stale copy. The platform counters count the
 * agency in the same transaction, and the first usage period (one month) starts now.
 */
export async function createAgency(input: NewAgency): Promise<AgencyItem> {
  const now = nowIso();
  const item = {
    id: randomUUID(),
    name: input.name,
    slug: input.slug,
    plan_id: input.plan.id,
    max_seats: input.plan.max_seats,
    company_email: input.company_email,
    company_website: input.company_website,
    notification_email: input.notification_email,
    notes: input.notes,
    subscription_status: 'active' as const,
    subscription_started_at: now,
    subscription_current_period_start: now,
    api_usage_period_start: now,
    api_usage_period_end: addMonths(now, 1),
  };
  const outcome = await service()
    .transaction.write((tx) => [
      tx.agency.create(item).commit(),
      claimUnique(tx, { namespace: 'agency_slug', value: item.slug }, item.id),
      tx.plan
        .check({ id: input.plan.id })
        .where(({ max_seats }, { eq }) => eq(max_seats, input.plan.max_seats))
        .commit(),
      ...countNewAgency(tx, input.plan.name),
    ])
    .go();
  assertCommitted(outcome, [
    null,
    new ApiError('RES_002', { message: `The agency slug "${item.slug}" is already taken` }),
    new ApiError('RES_003', { message: 'The plan was changed meanwhile; please retry' }),
  ]);
  const { data } = await service().entities.agency.get({ id: item.id }).go({ consistent: true });
  if (!data) throw new ApiError('SYS_001');
  return data;
}
