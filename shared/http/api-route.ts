/**
 * Builds a route handler with the project's middleware stack, so a handler file only states
 * its schemas and calls a domain function:
 *
 * ```ts
 * export const listPublic = apiRoute({}, async () => ({ data: await listVisiblePlans() }));
 * export const handler = routeDispatcher({ listPublic });
 * ```
 */
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import type { z } from 'zod';
import { findRouteByKey, type InputSchemas } from '../api/routes.ts';
import type { RequestIdentity } from '../auth/request-identity.ts';
import { env } from '../config/env.ts';
import { notFound } from './errors.ts';
import { authorize } from './middleware/authorize.ts';
import { envelope, errorResponse } from './middleware/envelope.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { requestContext } from './middleware/request-context.ts';
import { validateInput } from './middleware/validate-input.ts';
import type { ApiContext, ApiEvent, ApiResponse, RouteResult } from './types.ts';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The request as a route handler sees it: validated input plus the raw event and context. */
export interface RouteRequest<S extends InputSchemas> {
  body: Infer<S['body']>;
  query: Infer<S['query']>;
  params: Infer<S['params']>;
  /** Tenant and caller on protected routes (checked against the route's permission); else null. */
  identity: RequestIdentity | null;
  event: ApiEvent;
  context: ApiContext;
}

export type ApiHandler = (event: ApiEvent, context: ApiContext) => Promise<ApiResponse>;

function corsOrigins(): string[] {
  return env()
    .CORS_ALLOWED_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/** A Lambda handler for one route: request id, logs, CORS, rate limits, validation, PRD envelope. */
export function apiRoute<S extends InputSchemas>(
  schemas: S,
  run: (request: RouteRequest<S>) => Promise<RouteResult>,
): ApiHandler {
  const origins = corsOrigins();
  return middy<ApiEvent, ApiResponse, Error, ApiContext>()
    .use(requestContext())
    .use(
      httpCors({
        origins,
        credentials: true,
        exposeHeaders: 'X-Request-ID,Retry-After,X-RateLimit-Limit,X-RateLimit-Remaining,X-RateLimit-Reset',
      }) as middy.MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext>,
    )
    .use(rateLimit())
    .use(envelope())
    .use(authorize())
    .use(validateInput(schemas))
    .handler(async (event, context) => {
      const { body, query, params } = context.input;
      const result = await run({
        body,
        query,
        params,
        identity: context.auth,
        event,
        context,
      } as RouteRequest<S>);
      return result as unknown as ApiResponse;
    }) as unknown as ApiHandler;
}

/**
 * The Lambda entry of a module that serves several routes: picks the export the route table
 * names for `event.routeKey`. An unknown route key answers the PRD 404 envelope.
 */
export function routeDispatcher(routes: Record<string, ApiHandler>): ApiHandler {
  return async (event, context) => {
    const route = findRouteByKey(event.routeKey);
    const target = route ? routes[route.handler.export] : undefined;
    if (target) return target(event, context);
    const response = errorResponse(notFound('Route'), context.awsRequestId ?? 'unknown');
    return response;
  };
}
