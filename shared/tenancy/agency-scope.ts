/**
 * The agency an agency-scoped route acts for: always the tenant of the host the request came to,
 * never an id from the request, so every read and write of such a route stays inside one agency.
 */
import type { Principal, RequestIdentity } from '../auth/request-identity.ts';
import { ApiError } from '../http/errors.ts';

/** The tenant agency and the principal acting on it. */
export interface AgencyCaller {
  agency_id: string;
  principal: Principal;
}

/**
 * The caller of an agency-scoped route. The platform host has no agency (a super admin there is
 * refused with 403 AUTH_004); the principal must belong to the host's agency (the authorizer
 * already guarantees it; checked again because a wrong answer here would cross tenants).
 */
export function agencyCaller(identity: RequestIdentity | null): AgencyCaller {
  const principal = identity?.principal;
  if (identity?.tenant.kind !== 'agency' || !principal || principal.agency_id !== identity.tenant.agency_id) {
    throw new ApiError('AUTH_004', { message: "This endpoint is available on an agency's own host" });
  }
  return { agency_id: identity.tenant.agency_id, principal };
}
