import type middy from '@middy/core';
import { findRouteByKey } from '../../api/routes.ts';
import { satisfies } from '../../auth/permissions.ts';
import {
  fromAuthorizerContext,
  grantedPermissions,
  type RequestIdentity,
} from '../../auth/request-identity.ts';
import { ApiError } from '../errors.ts';
import type { ApiContext, ApiEvent, ApiResponse } from '../types.ts';

declare module '../types.ts' {
  interface ApiContext {
    /** Tenant and caller of a protected route; `null` on public routes. */
    auth: RequestIdentity | null;
  }
}

/**
 * Enforces the route table's permission for the request's route, using the identity the
 * authorizer resolved: failed authentication → its AUTH/BIZ/RES error, no caller → 401 AUTH_003,
 * a caller without the permission → 403 AUTH_004.
 *
 * before: sets `context.auth` or throws.
 */
export function authorize(): middy.MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  return {
    before: (request) => {
      const route = findRouteByKey(request.event.routeKey);
      request.context.auth = null;
      if (!route || route.permission === null) return;
      const identity = fromAuthorizerContext(request.event.requestContext.authorizer?.lambda);
      if (identity?.error) throw new ApiError(identity.error.code, { message: identity.error.message });
      if (!identity?.principal) throw new ApiError('AUTH_003', { message: 'Authentication required' });
      if (!satisfies(grantedPermissions(identity.principal), route.permission))
        throw new ApiError('AUTH_004');
      request.context.auth = identity;
    },
  };
}
