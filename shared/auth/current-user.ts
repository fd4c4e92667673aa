/**
 * How the API describes the signed-in user: in sign-in answers (tokens, user, permissions) and in
 * `GET /auth/me` (profile, agency with its plan, permissions, preferences).
 */
import type { AgencyItem } from '../data/entities/agencies.ts';
import { service } from '../data/service.ts';
import { ApiError } from '../http/errors.ts';
import { ACCESS_TOKEN_LIFETIME_SECONDS } from './access-token.ts';
import { type Account, getAccount } from './accounts.ts';
import type { CurrentUser, Refreshed, SignedIn } from './auth-schemas.ts';
import { permissionsOf } from './permissions.ts';
import type { RequestIdentity, UserPrincipal } from './request-identity.ts';
import type { SessionTokens } from './sessions.ts';

/**
 * The signed-in user of a `self` route. API keys act for an agency, not as a person, so they have
 * no profile or session here: 403 AUTH_004.
 */
export function signedInUser(identity: RequestIdentity | null): UserPrincipal {
  const principal = identity?.principal;
  if (principal?.kind !== 'user')
    throw new ApiError('AUTH_004', { message: 'This endpoint is for signed-in users' });
  return principal;
}

const agencySummary = (agency: AgencyItem) => ({ id: agency.id, name: agency.name, slug: agency.slug });

/** The answer to a refresh: the new access token (the new refresh token goes in the cookie). */
export function refreshedView(session: SessionTokens): Refreshed {
  return {
    access_token: session.access.token,
    token_type: 'bearer',
    expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
  };
}

/**
 * The answer to a sign-in: the access token, the user and their permissions. `agency` is the
 * tenant's agency (null on the platform host), which is the account's own.
 */
export function signedInView(session: SessionTokens, agency: AgencyItem | null): SignedIn {
  const { account } = session;
  return {
    ...refreshedView(session),
    user: {
      id: account.id,
      email: account.email,
      name: account.display_name ?? account.email,
      role: account.role,
      client_id: account.role === 'client' ? (account.client_id ?? null) : null,
      agency: agency ? agencySummary(agency) : null,
    },
    permissions: permissionsOf(account.role),
  };
}

async function agencyWithPlan(agencyId: string): Promise<CurrentUser['agency']> {
  const { agency: agencies, plan: plans } = service().entities;
  const { data: agency } = await agencies.get({ id: agencyId }).go();
  if (!agency) return null;
  const { data: plan } = await plans.get({ id: agency.plan_id }).go();
  return {
    ...agencySummary(agency),
    plan: plan ? { name: plan.name, display_name: plan.display_name } : null,
  };
}

function profile(account: Account, agency: CurrentUser['agency']): CurrentUser {
  return {
    id: account.id,
    email: account.email,
    first_name: account.first_name ?? null,
    last_name: account.last_name ?? null,
    display_name: account.display_name ?? account.email,
    role: account.role,
    client_id: account.role === 'client' ? (account.client_id ?? null) : null,
    job_title: account.job_title ?? null,
    avatar_url: account.avatar_url ?? null,
    is_email_verified: account.is_email_verified,
    agency,
    permissions: permissionsOf(account.role),
    preferences: { timezone: account.timezone ?? null, locale: account.locale ?? null },
    last_login_at: account.last_login_at ?? null,
  };
}

/**
 * The signed-in user as stored now (a role changed since sign-in shows here). 401 AUTH_003 when
 * the account no longer exists, 403 AUTH_006 when it has been deactivated.
 */
export async function currentUser(principal: UserPrincipal): Promise<CurrentUser> {
  const account = await getAccount({ agency_id: principal.agency_id, id: principal.sub });
  if (!account) throw new ApiError('AUTH_003', { message: 'This account no longer exists' });
  if (!account.is_active) throw new ApiError('AUTH_006');
  return profile(account, principal.agency_id ? await agencyWithPlan(principal.agency_id) : null);
}
