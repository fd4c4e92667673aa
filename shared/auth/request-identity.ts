/**
 * What the HTTP API authorizer tells route handlers about a request: its tenant and its caller.
 * Lambda authorizer context carries only scalars, so it travels flattened and is rebuilt here.
 * The authorizer never answers 403 itself (API Gateway would send its own `{"message":...}`
 * body); a failed authentication travels as `error` and the route answers the PRD envelope.
 */
import type { ErrorCode } from '../http/errors.ts';
import type { Tenant } from '../tenancy/resolve-tenant.ts';
import type { AccessClaims } from './access-token.ts';
import { type Permission, ROLE_PERMISSIONS } from './permissions.ts';

/** A signed-in user (access token). */
export type UserPrincipal = { kind: 'user' } & Pick<
  AccessClaims,
  'sub' | 'role' | 'agency_id' | 'client_id' | 'email' | 'session_id'
>;

/** A programmatic caller (`X-API-Key`): acts for its agency within its scopes. */
export interface ApiKeyPrincipal {
  kind: 'api_key';
  key_id: string;
  agency_id: string;
  scopes: Permission[];
  /** The key's own limits (PRD §4.2.10), carried so the rate limiter needs no second read. */
  rate_limit_per_minute: number;
  rate_limit_per_day: number;
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

export interface RequestIdentity {
  tenant: { kind: 'platform' } | { kind: 'agency'; agency_id: string };
  /** `null` when the request carried no (valid) credentials. */
  principal: Principal | null;
  /** Why authentication failed, when it did. */
  error: { code: ErrorCode; message: string } | null;
}

/** The permissions a principal holds: its role's, or an API key's scopes. */
export function grantedPermissions(principal: Principal): ReadonlySet<Permission> {
  return principal.kind === 'user' ? ROLE_PERMISSIONS[principal.role] : new Set(principal.scopes);
}

type Flat = Record<string, string>;

/** Flattens an identity into authorizer context (string values only). */
export function toAuthorizerContext(identity: RequestIdentity): Flat {
  return {
    tenant: JSON.stringify(identity.tenant),
    ...(identity.principal ? { principal: JSON.stringify(identity.principal) } : {}),
    ...(identity.error ? { error: JSON.stringify(identity.error) } : {}),
  };
}

function parsed<T>(value: unknown): T | null {
  return typeof value === 'string' ? (JSON.parse(value) as T) : null;
}

/** Rebuilds the identity from authorizer context; `null` when the route had no authorizer. */
export function fromAuthorizerContext(context: Record<string, unknown> | undefined): RequestIdentity | null {
  const tenant = parsed<RequestIdentity['tenant']>(context?.tenant);
  if (!tenant) return null;
  return {
    tenant,
    principal: parsed<Principal>(context?.principal),
    error: parsed<RequestIdentity['error']>(context?.error),
  };
}

/** The tenant part of an identity from a resolved tenant. */
export function tenantOf(tenant: Tenant): RequestIdentity['tenant'] {
  return tenant.kind === 'agency' ? { kind: 'agency', agency_id: tenant.agency.id } : { kind: 'platform' };
}
