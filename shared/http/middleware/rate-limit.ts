import type middy from '@middy/core';
import { findRouteByKey } from '../../api/routes.ts';
import { recordApiKeyUse } from '../../api-keys/usage.ts';
import { fromAuthorizerContext } from '../../auth/request-identity.ts';
import { logger } from '../../log.ts';
import { countRequest, decide } from '../../rate-limit/counters.ts';
import { rulesFor } from '../../rate-limit/limits.ts';
import { ApiError } from '../errors.ts';
import type { ApiContext, ApiEvent, ApiResponse } from '../types.ts';

declare module '../types.ts' {
  interface ApiContext {
    /** Set by `rateLimit` on limited routes: headers for the response, work to finish first. */
    rateLimit?: { headers: Record<string, string>; pending: Promise<void> | undefined };
  }
}

type Request = middy.Request<ApiEvent, ApiResponse, Error, ApiContext>;

/**
 * Enforces the route's rate-limit class (`shared/rate-limit/limits.ts`) for the caller the
 * authorizer resolved (API key, user, or the source IP when there is none), and puts
 * `X-RateLimit-Limit/-Remaining/-Reset` on every response of a limited route, success or error.
 * Runs before `authorize`, so requests with bad credentials are counted (per IP) too.
 *
 * Fails open: if the counters cannot be written, the request proceeds unlimited (logged as an
 * error). The limiter protects capacity and slows guessing; refusing every request while the
 * counter table is throttled would turn a hot counter into an outage of the whole API. Guessing
 * stays bounded meanwhile by the account lockout and the API Gateway stage throttle.
 *
 * before: counts the request; throws 429 RATE_001 with `Retry-After` when over a limit.
 * after / onError: waits for the API-key usage update started in `before`, adds the headers.
 */
export function rateLimit(): middy.MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  const finish = async (request: Request) => {
    const state = request.context.rateLimit;
    if (!state) return;
    await state.pending;
    if (request.response) request.response.headers = { ...request.response.headers, ...state.headers };
  };
  return {
    before: async (request) => {
      request.context.rateLimit = undefined;
      const { event } = request;
      const route = findRouteByKey(event.routeKey);
      if (!route || route.rateLimit === 'none') return;
      const identity = fromAuthorizerContext(event.requestContext.authorizer?.lambda);
      const principal = identity && !identity.error ? identity.principal : null;
      const sourceIp = event.requestContext.http.sourceIp;
      const now = Date.now();
      let counted: Awaited<ReturnType<typeof countRequest>>;
      try {
        counted = await countRequest(rulesFor(route.rateLimit, principal, sourceIp), now);
      } catch (error) {
        logger.error('rate limit counters unavailable; request not limited', { error: error as Error });
        return;
      }
      const decision = decide(counted, now);
      request.context.rateLimit = {
        headers: decision.headers,
        // Runs alongside the handler; `finish` awaits it before the response leaves the Lambda.
        pending:
          principal?.kind === 'api_key' ? recordApiKeyUse(principal, counted, sourceIp, now) : undefined,
      };
      if (decision.limited) {
        throw new ApiError('RATE_001', {
          headers: decision.headers,
          details: { retry_after: decision.retryAfter },
        });
      }
    },
    after: finish,
    onError: finish,
  };
}
