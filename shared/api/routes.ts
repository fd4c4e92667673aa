/**
 * The route table: the single source for API Gateway routes (CDK), the local gateway, the
 * authorizer's permission checks and the OpenAPI document. Plain data: handlers are named by
 * module and export, never imported here.
 *
 * Lambda grouping: all routes whose handler lives in the same module are served by one Lambda
 * (that module's `handler` export dispatches on the route key), so a stack grows by modules, not
 * by routes.
 */
import { z } from 'zod';
import type { HandlerRef } from '../config/handler-ref.ts';
import { PublicPlanSchema } from '../plans/public-plans.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';

/**
 * Rate-limit classes of PRD §16: `auth` for credential endpoints, `generate` for starting work
 * that spends credits, `standard` for the rest, `none` for health and docs.
 */
export type RateLimitClass = 'none' | 'auth' | 'standard' | 'generate';

/** Zod schemas for the parts of a request a route accepts (validated by `apiRoute`). */
export interface InputSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/api/v1/clients/{id}`. */
  readonly path: string;
  readonly handler: HandlerRef;
  /**
   * PRD §5.4.1 permission the principal must hold; `null` for public routes, which skip the
   * authorizer.
   */
  readonly permission: string | null;
  readonly rateLimit: RateLimitClass;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  readonly tag: string;
  /** Request schemas, shared with the handler's `apiRoute` and the OpenAPI document. */
  readonly input?: InputSchemas;
  /** Schema of `data` in the success envelope, for the OpenAPI document. */
  readonly output?: z.ZodType;
}

/**
 * The HTTP API's Lambda authorizer (REQUEST type, simple responses): resolves the tenant from the
 * Host header and the principal from the credentials, once per request, for every route whose
 * `permission` is not null.
 */
export const AUTHORIZER: HandlerRef = { module: 'functions/api/authorizer.ts', export: 'handler' };

const api = (name: string, exportName: string): HandlerRef => ({
  module: `functions/api/${name}.ts`,
  export: exportName,
});

export const ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/v1/health',
    handler: api('system', 'health'),
    permission: null,
    rateLimit: 'none',
    summary: 'Liveness and dependency check',
    tag: 'System',
  },
  {
    method: 'GET',
    path: '/api/v1/openapi.json',
    handler: api('system', 'openapi'),
    permission: null,
    rateLimit: 'none',
    summary: 'This API described as OpenAPI 3.1',
    tag: 'System',
  },
  {
    method: 'GET',
    path: '/api/v1/plans',
    handler: api('plans', 'listPublic'),
    permission: null,
    rateLimit: 'standard',
    summary: 'Active, visible subscription plans for public pricing',
    tag: 'Plans',
    output: z.array(PublicPlanSchema),
  },
  {
    // API Gateway answers unmatched routes with its own `{"message":"Not Found"}`; this
    // catch-all gives callers the PRD error envelope instead.
    method: 'ANY',
    path: '/api/{proxy+}',
    handler: api('system', 'notFound'),
    permission: null,
    rateLimit: 'none',
    summary: 'Unknown API route: PRD 404 envelope',
    tag: 'System',
  },
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
