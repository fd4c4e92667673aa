import { requestFacts } from '../../shared/audit/record-audit.ts';
import {
  AcceptInvitationRequestSchema,
  ForgotPasswordRequestSchema,
  LoginRequestSchema,
  ResetPasswordRequestSchema,
  VerifyEmailRequestSchema,
} from '../../shared/auth/auth-schemas.ts';
import {
  clearedRefreshCookie,
  refreshCookie,
  refreshTokenFrom,
  withClearedRefreshCookie,
} from '../../shared/auth/cookies.ts';
import { currentUser, refreshedView, signedInUser, signedInView } from '../../shared/auth/current-user.ts';
import { completeEmailVerification, resendEmailVerification } from '../../shared/auth/email-verification.ts';
import { completeInvitation } from '../../shared/auth/invitations.ts';
import { signIn } from '../../shared/auth/login.ts';
import {
  completePasswordReset,
  RESET_REQUESTED_MESSAGE,
  requestPasswordReset,
} from '../../shared/auth/password-reset.ts';
import { tenantOf } from '../../shared/auth/request-identity.ts';
import { requestHost, requestOrigin } from '../../shared/auth/request-origin.ts';
import { rotateSession, type SessionTokens, signOut } from '../../shared/auth/sessions.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { ApiError } from '../../shared/http/errors.ts';
import type { ApiEvent, RouteResult } from '../../shared/http/types.ts';
import { resolveTenant, type Tenant } from '../../shared/tenancy/resolve-tenant.ts';

/** Token answers must not be stored by browsers or proxies (RFC 6749 §5.1). */
const NO_STORE = { 'Cache-Control': 'no-store' };

/** The tenant the request's host names (public routes have no authorizer to resolve it). */
const hostTenant = (event: ApiEvent) => resolveTenant(requestHost(event.headers));

/** A session's answer: the access token in the body, the refresh token in the cookie. */
function sessionResult(session: SessionTokens, data: unknown, event: ApiEvent): RouteResult {
  const { token, claims } = session.refresh;
  return { data, headers: { ...NO_STORE, 'Set-Cookie': refreshCookie(token, claims.exp, event.headers) } };
}

const agencyOfTenant = (tenant: Tenant) => (tenant.kind === 'agency' ? tenant.agency : null);

/** POST /api/v1/auth/login — sign in on the host's tenant. */
export const login = apiRoute({ body: LoginRequestSchema }, async ({ body, event, context }) => {
  const tenant = await hostTenant(event);
  const session = await signIn(tenantOf(tenant), body, requestFacts(event, context));
  return sessionResult(session, signedInView(session, agencyOfTenant(tenant)), event);
});

/** POST /api/v1/auth/refresh — rotate the cookie's refresh token; any refusal clears the cookie. */
export const refresh = apiRoute({}, async ({ event, context }) => {
  try {
    const token = refreshTokenFrom(event);
    if (!token) throw new ApiError('AUTH_003', { message: 'No refresh token; please sign in' });
    const tenant = tenantOf(await hostTenant(event));
    const session = await rotateSession(token, tenant, requestFacts(event, context));
    return sessionResult(session, refreshedView(session), event);
  } catch (error) {
    throw withClearedRefreshCookie(error, event.headers);
  }
});

/** POST /api/v1/auth/logout — end this session. */
export const logout = apiRoute({}, async ({ identity, event, context }) => {
  await signOut(signedInUser(identity), requestFacts(event, context));
  return {
    data: { message: 'Successfully logged out' },
    headers: { 'Set-Cookie': clearedRefreshCookie(event.headers) },
  };
});

/** GET /api/v1/auth/me — the signed-in user. */
export const me = apiRoute({}, async ({ identity }) => ({
  data: await currentUser(signedInUser(identity)),
  headers: NO_STORE,
}));

/** POST /api/v1/auth/password/forgot — the same answer whatever the email. */
export const forgotPassword = apiRoute({ body: ForgotPasswordRequestSchema }, async ({ body, event }) => {
  await requestPasswordReset(await hostTenant(event), body.email, requestOrigin(event.headers));
  return { data: { message: RESET_REQUESTED_MESSAGE } };
});

/** POST /api/v1/auth/password/reset — every session ends, this browser's cookie too. */
export const resetPassword = apiRoute(
  { body: ResetPasswordRequestSchema },
  async ({ body, event, context }) => {
    await completePasswordReset(
      await hostTenant(event),
      body.token,
      body.password,
      requestFacts(event, context),
    );
    return {
      data: { message: 'Password successfully reset' },
      headers: { 'Set-Cookie': clearedRefreshCookie(event.headers) },
    };
  },
);

/** POST /api/v1/auth/email/verify */
export const verifyEmail = apiRoute({ body: VerifyEmailRequestSchema }, async ({ body, event }) => {
  await completeEmailVerification(await hostTenant(event), body.token);
  return { data: { message: 'Email address verified' } };
});

/** POST /api/v1/auth/email/resend */
export const resendVerification = apiRoute({}, async ({ identity, event }) => {
  const sent = await resendEmailVerification(
    signedInUser(identity),
    await hostTenant(event),
    requestOrigin(event.headers),
  );
  return { data: { message: sent ? 'Verification email sent' : 'Email address is already verified' } };
});

/** POST /api/v1/auth/invitations/accept — choose a password and sign in. */
export const acceptInvitation = apiRoute(
  { body: AcceptInvitationRequestSchema },
  async ({ body, event, context }) => {
    const tenant = await hostTenant(event);
    const session = await completeInvitation(tenant, body.token, body.password, requestFacts(event, context));
    return sessionResult(session, signedInView(session, agencyOfTenant(tenant)), event);
  },
);

export const handler = routeDispatcher({
  login,
  refresh,
  logout,
  me,
  forgotPassword,
  resetPassword,
  verifyEmail,
  resendVerification,
  acceptInvitation,
});
