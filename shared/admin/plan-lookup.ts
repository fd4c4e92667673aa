/**
 * Finding plans: all of them by id, one by name, and the plan an agency is put on. Reads that
 * feed a copy of `max_seats` onto an agency are strongly consistent, since that copy is checked
 * against the plan in the writing transaction.
 */
import { PLAN_NAMES, type PlanItem } from '../data/entities/plans.ts';
import { service } from '../data/service.ts';
import { ApiError, notFound } from '../http/errors.ts';

/** Every plan, keyed by id. The plan table is a handful of rows in one index partition. */
export async function plansById(): Promise<Map<string, PlanItem>> {
  const { data } = await service().entities.plan.query.byName({}).go({ pages: 'all' });
  return new Map(data.map((plan) => [plan.id, plan]));
}

/** The plan `name` (strongly consistent read, as its `max_seats` is copied and checked), or null. */
async function findPlanByName(name: string): Promise<PlanItem | null> {
  const known = PLAN_NAMES.find((planName) => planName === name);
  if (!known) return null;
  const { data } = await service().entities.plan.query.byName({ name: known }).go();
  const found = data.find((plan) => plan.name === name);
  return found ? (await service().entities.plan.get({ id: found.id }).go({ consistent: true })).data : null;
}

/** The plan `name`, or 404 RES_001. */
export async function planByName(name: string): Promise<PlanItem> {
  const plan = await findPlanByName(name);
  if (!plan) throw notFound('Plan');
  return plan;
}

/**
 * The plan an agency is put on, named by `plan` or `plan_id` (strongly consistent, since its
 * `max_seats` is copied and checked). 422 VAL_001 when there is no such plan or it is inactive
 * (PRD §4.2.1: inactive plans cannot be selected).
 */
export async function choosePlan(choice: { plan?: string; plan_id?: string }): Promise<PlanItem> {
  const invalid = (message: string) =>
    new ApiError('VAL_001', { details: [{ field: choice.plan_id ? 'plan_id' : 'plan', message }] });
  const plan = choice.plan_id
    ? (await service().entities.plan.get({ id: choice.plan_id }).go({ consistent: true })).data
    : choice.plan
      ? await findPlanByName(choice.plan)
      : null;
  if (!plan) throw invalid('No such plan');
  if (!plan.is_active) throw invalid(`The plan ${plan.name} is inactive and cannot be selected`);
  return plan;
}
