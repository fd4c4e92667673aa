/**
 * Authentication of an HTTP request, run once by the authorizer: the tenant from the Host header
 * and the caller from `Authorization: Bearer <access token>` or `X-API-Key: csa_live_…`. A token
 * (or key) is only good on its own tenant's host: an agency user's token on another agency's host
 * (or on the platform host) is refused, and a super admin's token works only on the platform host.
 */
import { authenticateApiKey } from '../api-keys/authenticate-api-key.ts';
import { ApiError } from '../http/errors.ts';
import { resolveTenant } from '../tenancy/resolve-tenant.ts';
import { verifyAccessToken } from './access-token.ts';
import { type RequestIdentity, tenantOf, type UserPrincipal } from './request-identity.ts';

function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

function asError(error: unknown): RequestIdentity['error'] {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  throw error;
}

/**
 * Resolves tenant and principal; failures are returned in `error`, outages are thrown. `sourceIp`
 * is the caller's address as API Gateway saw it, checked against an API key's allowlist.
 */
export async function authenticate(
  headers: Record<string, string | undefined>,
  sourceIp?: string,
): Promise<RequestIdentity> {
  let tenant: RequestIdentity['tenant'];
  try {
    // Behind CloudFront, API Gateway sees CloudFront's host; the edge function copies the
    // browser's host into X-Forwarded-Host (overwriting any value a client sent).
    tenant = tenantOf(await resolveTenant(headers['x-forwarded-host'] ?? headers.host ?? ''));
  } catch (error) {
    return { tenant: { kind: 'platform' }, principal: null, error: asError(error) };
  }
  const apiKey = headers['x-api-key']?.trim();
  if (apiKey !== undefined) {
    // One request, one identity: a key next to a bearer token would leave it unclear who acts.
    if (headers.authorization !== undefined) {
      const message = 'Send either an API key or a bearer token, not both';
      return { tenant, principal: null, error: { code: 'AUTH_003', message } };
    }
    try {
      return { tenant, principal: await authenticateApiKey(apiKey, tenant, sourceIp), error: null };
    } catch (error) {
      return { tenant, principal: null, error: asError(error) };
    }
  }
  const token = bearerToken(headers.authorization);
  if (!token) {
    return { tenant, principal: null, error: { code: 'AUTH_003', message: 'Authentication required' } };
  }
  try {
    const claims = await verifyAccessToken(token);
    const onOwnTenant =
      tenant.kind === 'agency' ? claims.agency_id === tenant.agency_id : claims.role === 'super_admin';
    if (!onOwnTenant) throw new ApiError('AUTH_003', { message: 'This token is not valid for this host' });
    const { sub, role, agency_id, client_id, email, session_id } = claims;
    return {
      tenant,
      principal: { kind: 'user', sub, role, agency_id, client_id, email, session_id } as UserPrincipal,
      error: null,
    };
  } catch (error) {
    return { tenant, principal: null, error: asError(error) };
  }
}
