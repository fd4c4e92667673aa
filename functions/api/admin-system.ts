import { platformAdmin } from '../../shared/admin/admin-caller.ts';
import { systemStats } from '../../shared/admin/system-stats.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';

/** GET /api/v1/admin/system/stats — platform counts from the maintained counters. */
export const stats = apiRoute({}, async ({ identity }) => {
  platformAdmin(identity);
  return { data: await systemStats(), headers: { 'Cache-Control': 'no-store' } };
});

export const handler = routeDispatcher({ stats });
