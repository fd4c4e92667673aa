/**
 * The refresh-token cookie (PRD §5.2.3 session cookie; DECISIONS.md: the refresh token travels
 * in this cookie only, never in a body). HttpOnly so page scripts cannot read it, SameSite=Lax so
 * cross-site POSTs do not carry it, host-only (no `Domain`) so one agency's host never receives
 * another's, and scoped to the auth routes, the only ones that read it.
 */
import { ApiError } from '../http/errors.ts';
import type { ApiEvent } from '../http/types.ts';
import { requestScheme } from './request-origin.ts';

/** PRD §5.2.3 `SESSION_COOKIE_NAME`. */
export const REFRESH_COOKIE_NAME = 'refresh_token';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';

type Headers = ApiEvent['headers'];

function cookie(value: string, maxAgeSeconds: number, headers: Headers): string {
  // Browsers refuse `Secure` cookies from plain http, which only the local cloud serves.
  const secure = requestScheme(headers) === 'https' ? '; Secure' : '';
  return `${REFRESH_COOKIE_NAME}=${value}; HttpOnly${secure}; SameSite=Lax; Path=${REFRESH_COOKIE_PATH}; Max-Age=${maxAgeSeconds}`;
}

/** `Set-Cookie` carrying `token` until `expiresAt` (epoch seconds, the token's `exp`). */
export function refreshCookie(token: string, expiresAt: number, headers: Headers): string {
  return cookie(token, Math.max(0, expiresAt - Math.floor(Date.now() / 1000)), headers);
}

/** `Set-Cookie` that deletes the refresh cookie. */
export function clearedRefreshCookie(headers: Headers): string {
  return cookie('', 0, headers);
}

/** The refresh token the request's cookies carry (payload v2 lists them in `event.cookies`). */
export function refreshTokenFrom(event: Pick<ApiEvent, 'cookies'>): string | null {
  for (const entry of event.cookies ?? []) {
    const separator = entry.indexOf('=');
    if (separator > 0 && entry.slice(0, separator).trim() === REFRESH_COOKIE_NAME) {
      const value = entry.slice(separator + 1).trim();
      if (value) return value;
    }
  }
  return null;
}

/**
 * `error` answered with the cookie deleted when it ends the session (401: the token is bad,
 * reused or revoked; 403: the account or agency may no longer sign in), since a dead cookie would
 * only fail again. Outages and rate limits keep the cookie: the session may still be good.
 */
export function withClearedRefreshCookie(error: unknown, headers: Headers): unknown {
  if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 403)) return error;
  return new ApiError(error.code, {
    message: error.message,
    details: error.details,
    status: error.status,
    headers: { ...error.headers, 'Set-Cookie': clearedRefreshCookie(headers) },
    cause: error,
  });
}
