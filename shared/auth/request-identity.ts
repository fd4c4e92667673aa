/**
 * What the HTTP API authorizer tells route handlers about a request: its tenant and its caller.
 * Lambda authorizer context carries only scalars, so it travels flattened and is rebuilt here.
 * The authorizer never answers 403 itself (API Gateway would send its own `{"message":...}`
 * body); a failed authentication travels as `auth_error` and the route answers the PRD envelope.
 */
import type { ErrorCode } from '../http/errors.ts';
import type { Tenant } from '../tenancy/resolve-tenant.ts';
import type { AccessClaims } from './access-token.ts';

export interface RequestIdentity {
  tenant: { kind: 'platform' } | { kind: 'agency'; agency_id: string };
  /** `null` when the request carried no (valid) credentials. */
  principal: Pick<AccessClaims, 'sub' | 'role' | 'agency_id' | 'client_id' | 'email' | 'session_id'> | null;
  /** Why authentication failed, when it did. */
  error: { code: ErrorCode; message: string } | null;
}

type Flat = Record<string, string>;

/** Flattens an identity into authorizer context (string values only). */
export function toAuthorizerContext(identity: RequestIdentity): Flat {
  const flat: Flat = { tenant_kind: identity.tenant.kind };
  if (identity.tenant.kind === 'agency') flat.tenant_agency_id = identity.tenant.agency_id;
  if (identity.principal) {
    const { sub, role, agency_id, client_id, email, session_id } = identity.principal;
    Object.assign(flat, { sub, role, email, session_id });
    if (agency_id) flat.agency_id = agency_id;
    if (client_id) flat.client_id = client_id;
  }
  if (identity.error)
    Object.assign(flat, { error_code: identity.error.code, error_message: identity.error.message });
  return flat;
}

/** Rebuilds the identity from authorizer context; `null` when the route had no authorizer. */
export function fromAuthorizerContext(context: Record<string, unknown> | undefined): RequestIdentity | null {
  if (!context || typeof context.tenant_kind !== 'string') return null;
  const text = (key: string) => (typeof context[key] === 'string' ? (context[key] as string) : null);
  const agencyId = text('tenant_agency_id');
  return {
    tenant: agencyId ? { kind: 'agency', agency_id: agencyId } : { kind: 'platform' },
    principal: text('sub')
      ? ({
          sub: text('sub'),
          role: text('role'),
          agency_id: text('agency_id'),
          client_id: text('client_id'),
          email: text('email'),
          session_id: text('session_id'),
        } as RequestIdentity['principal'])
      : null,
    error: text('error_code')
      ? { code: text('error_code') as ErrorCode, message: text('error_message') ?? '' }
      : null,
  };
}

/** The tenant part of an identity from a resolved tenant. */
export function tenantOf(tenant: Tenant): RequestIdentity['tenant'] {
  return tenant.kind === 'agency' ? { kind: 'agency', agency_id: tenant.agency.id } : { kind: 'platform' };
}
