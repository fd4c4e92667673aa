import { platformAdmin } from '../../shared/admin/admin-caller.ts';
import { listAdminPlans, updatePlan } from '../../shared/admin/admin-plans.ts';
import { PlanParamsSchema, UpdatePlanSchema } from '../../shared/admin/schemas.ts';
import { requestFacts } from '../../shared/audit/record-audit.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';

/** GET /api/v1/admin/plans — every plan with its agency counts. */
export const list = apiRoute({}, async ({ identity }) => {
  platformAdmin(identity);
  return { data: await listAdminPlans() };
});

/** PUT /api/v1/admin/plans/{name} — prices, limits, flags; a new seat limit reaches its agencies. */
export const update = apiRoute(
  { params: PlanParamsSchema, body: UpdatePlanSchema },
  async ({ params, body, identity, event, context }) => ({
    data: await updatePlan(platformAdmin(identity), params.name, body, requestFacts(event, context)),
  }),
);

export const handler = routeDispatcher({ list, update });
