/**
 * The route table: the single source for API Gateway routes (CDK), the local gateway, the
 * authorizer's permission checks and the OpenAPI document. Plain data: handlers are named by
 * module and export, never imported here. Each API area keeps its rows in `routes/<area>.ts`.
 *
 * Lambda grouping: all routes whose handler lives in the same module are served by one Lambda
 * (that module's `handler` export dispatches on the route key), so a stack grows by modules, not
 * by routes.
 */
import type { HandlerRef } from '../config/handler-ref.ts';
import type { RouteDefinition } from './route-types.ts';
import { ADMIN_ROUTES } from './routes/admin.ts';
import { ADMIN_TEMPLATE_ROUTES } from './routes/admin-templates.ts';
import { AGENCY_ROUTES } from './routes/agency.ts';
import { API_KEY_ROUTES } from './routes/api-keys.ts';
import { AUDIT_LOG_ROUTES } from './routes/audit-log.ts';
import { AUTH_ROUTES } from './routes/auth.ts';
import { CLIENT_ROUTES } from './routes/clients.ts';
import { DOCUMENT_ROUTES } from './routes/documents.ts';
import { PLAN_ROUTES } from './routes/plans.ts';
import { PROVIDER_KEY_ROUTES } from './routes/provider-keys.ts';
import { SYSTEM_ROUTES } from './routes/system.ts';
import { TEAM_ROUTES } from './routes/team.ts';
import { TEMPLATE_ROUTES } from './routes/templates.ts';

export * from './route-types.ts';

export const ROUTES: readonly RouteDefinition[] = [
  ...SYSTEM_ROUTES,
  ...PLAN_ROUTES,
  ...AUTH_ROUTES,
  ...TEAM_ROUTES,
  ...ADMIN_ROUTES,
  ...API_KEY_ROUTES,
  ...AUDIT_LOG_ROUTES,
  ...CLIENT_ROUTES,
  ...DOCUMENT_ROUTES,
  ...PROVIDER_KEY_ROUTES,
  ...TEMPLATE_ROUTES,
  ...ADMIN_TEMPLATE_ROUTES,
  ...AGENCY_ROUTES,
];

/** `GET /api/v1/health` — the key API Gateway puts in `event.routeKey`. */
export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/** The Lambda entry of a route: its module's `handler` export, which dispatches on the route key. */
export function lambdaEntry(route: RouteDefinition): HandlerRef {
  return { module: route.handler.module, export: 'handler' };
}

/** Route lookup by API Gateway route key. */
export function findRouteByKey(key: string): RouteDefinition | undefined {
  return ROUTES.find((route) => routeKey(route) === key);
}
