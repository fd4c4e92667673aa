/**
 * The signed-in user of this tab: read once per page from `GET /api/v1/auth/me` (the source of the
 * permissions the navigation and actions follow), signing out, and where to go after sign-in.
 */
import { type ApiProblem, clearAccessToken } from './api.ts';
import { type CurrentUser, fetchCurrentUser, signOutSession } from './endpoints/auth.ts';

export type SessionState =
  | { readonly kind: 'signed-in'; readonly user: CurrentUser }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'error'; readonly problem: ApiProblem };

let session: Promise<SessionState> | undefined;

/** The tab's session, asked of the API once per page. */
export function loadSession(): Promise<SessionState> {
  session ??= fetchCurrentUser().then((result): SessionState => {
    if (result.ok) return { kind: 'signed-in', user: result.data };
    // 401: no session; 403 on `me`: the account or agency may no longer sign in (inactive,
    // subscription ended), which the sign-in page explains when they try again.
    if (result.status === 401 || result.status === 403) return { kind: 'signed-out' };
    return { kind: 'error', problem: result };
  });
  return session;
}

/** Super admins on the platform host: they see the platform area and nothing else. */
export const isPlatformStaff = (user: CurrentUser) => user.agency === null;

export const can = (user: CurrentUser, permission: string) =>
  user.permissions.includes(permission) || user.permissions.includes('admin:*');

/** Where a user lands after signing in when no page was asked for. */
export const homeFor = (user: { role: string; agency: unknown }) => (user.agency === null ? '/admin' : '/');

/**
 * The page to return to after sign-in: only a path on this origin (`/team?page=2`), never an
 * absolute or protocol-relative URL that would send a freshly signed-in user elsewhere.
 */
export function safeNext(value: string | null): string | null {
  // Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/<tab>/evil.example` and
  // `/\evil.example` would both open `//evil.example`: refuse whitespace and backslashes outright.
  if (!value?.startsWith('/') || value.startsWith('//') || /[\\\s]/.test(value)) return null;
  return value;
}

export function signInUrl(next = window.location.pathname + window.location.search): string {
  const url = new URL('/sign-in', window.location.origin);
  if (safeNext(next) && next !== '/') url.searchParams.set('next', next);
  return url.pathname + url.search;
}

/** Other tabs of this origin learn about a sign-out and leave their signed-in pages too. */
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('cs.session') : null;

export function onSignedOutElsewhere(handler: () => void): void {
  channel?.addEventListener('message', (event: MessageEvent) => {
    if (event.data !== 'signed-out') return;
    // This tab's access token belongs to the session that just ended.
    clearAccessToken();
    handler();
  });
}

/**
 * Ends the session on the server (which clears the refresh cookie) and in this browser. A 401
 * means the session had already ended, which is the outcome asked for.
 */
export async function signOut(): Promise<ApiProblem | null> {
  const result = await signOutSession();
  if (!result.ok && result.status !== 401) return result;
  clearAccessToken();
  channel?.postMessage('signed-out');
  return null;
}
