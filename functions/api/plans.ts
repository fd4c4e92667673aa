import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { listPublicPlans } from '../../shared/plans/public-plans.ts';

/** GET /api/v1/plans — public pricing. */
export const listPublic = apiRoute({}, async () => ({
  data: await listPublicPlans(),
  headers: { 'Cache-Control': 'public, max-age=300' },
}));

export const handler = routeDispatcher({ listPublic });
