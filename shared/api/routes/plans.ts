import { z } from 'zod';
import { PublicPlanSchema } from '../../plans/public-plans.ts';
import { apiHandler, type RouteDefinition } from '../route-types.ts';

/** Public pricing. */
export const PLAN_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/v1/plans',
    handler: apiHandler('plans', 'listPublic'),
    permission: null,
    rateLimit: 'standard',
    summary: 'Active, visible subscription plans for public pricing',
    tag: 'Plans',
    output: z.array(PublicPlanSchema),
  },
];
