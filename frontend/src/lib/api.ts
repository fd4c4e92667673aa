/**
 * The dashboard's one API client.
 *
 * - The API lives on the page's own origin: the host names the tenant (agency subdomain, custom
 *   domain or the platform host), so there is no base URL to configure.
 * - The access token is kept in memory and in sessionStorage, so a reload keeps the tab signed in
 *   while another tab (or a closed browser) does not inherit it. The refresh token never reaches
 *   scripts: it is an HttpOnly cookie scoped to `/api/v1/auth` (DECISIONS.md).
 * - A missing, expiring or rejected (401 AUTH_002/AUTH_003) access token is renewed once through
 *   `POST /api/v1/auth/refresh` and the request retried. Refreshes are single-flight within the
 *   tab and serialised across tabs: the API rotates the refresh token on every use and treats a
 *   second use of the same one as theft, revoking the whole session.
 * - Every answer becomes an `ApiResult`: the PRD envelope's data and pagination, or a problem with
 *   the error code, message, field errors (422 `details`) and the `X-Request-ID` for support.
 */

export interface Pagination {
  readonly page: number;
  readonly per_page: number;
  readonly total_items: number;
  readonly total_pages: number;
  readonly has_next?: boolean;
  readonly has_prev?: boolean;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface ApiSuccess<T> {
  readonly ok: true;
  readonly status: number;
  readonly data: T;
  readonly pagination: Pagination | null;
  readonly requestId: string | null;
}

export interface ApiProblem {
  readonly ok: false;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** PRD error code (`AUTH_001`, `VAL_001`, …), `NETWORK` or `HTTP_<status>` for non-API answers. */
  readonly code: string;
  readonly message: string;
  /** 422 `details` entries naming a field. */
  readonly fieldErrors: readonly FieldError[];
  readonly details: unknown;
  readonly requestId: string | null;
  /** From `Retry-After` on 429 and 503 answers. */
  readonly retryAfterSeconds: number | null;
}

export type ApiResult<T> = ApiSuccess<T> | ApiProblem;

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  /** Send the access token (default). Public routes (sign-in, reset, …) pass false. */
  readonly auth?: boolean;
  /** Extra request headers, e.g. `Idempotency-Key` on POSTs that start work. */
  readonly headers?: Readonly<Record<string, string>>;
}

const TOKEN_STORAGE_KEY = 'cs.access-token';
/** Renew this long before expiry, so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 30_000;
const REFRESH_LOCK = 'cs.refresh-session';

interface StoredToken {
  readonly token: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

function readStoredToken(): StoredToken | null {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? 'null');
    if (isRecord(parsed) && typeof parsed.token === 'string' && typeof parsed.expiresAt === 'number') {
      return { token: parsed.token, expiresAt: parsed.expiresAt };
    }
  } catch {
    // Storage disabled or corrupt: the tab simply starts without a token.
  }
  return null;
}

let accessToken: StoredToken | null = readStoredToken();

/** Keeps a token from a sign-in, invitation acceptance or refresh answer. */
export function storeAccessToken(token: string, expiresInSeconds: number): void {
  accessToken = { token, expiresAt: Date.now() + expiresInSeconds * 1000 };
  try {
    sessionStorage.setItem(TOKEN_STORAGE_KEY, JSON.stringify(accessToken));
  } catch {
    // Private modes may refuse storage; the token still lives in memory for this page.
  }
}

export function clearAccessToken(): void {
  accessToken = null;
  try {
    sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}

function usableToken(): string | null {
  return accessToken && accessToken.expiresAt - EXPIRY_MARGIN_MS > Date.now() ? accessToken.token : null;
}

let unauthenticatedHandler: ((problem: ApiProblem) => void) | null = null;

/**
 * Called when a request needing a session gets none (no token and the refresh failed with 401 or
 * 403). Signed-in pages register a redirect to the sign-in page; public pages do not.
 */
export function onUnauthenticated(handler: (problem: ApiProblem) => void): void {
  unauthenticatedHandler = handler;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value.field === 'string' && typeof value.message === 'string';
}

function problem(
  status: number,
  code: string,
  message: string,
  extra: Partial<Pick<ApiProblem, 'details' | 'requestId' | 'retryAfterSeconds'>> = {},
): ApiProblem {
  const details = extra.details ?? null;
  return {
    ok: false,
    status,
    code,
    message,
    fieldErrors: Array.isArray(details) ? details.filter(isFieldError) : [],
    details,
    requestId: extra.requestId ?? null,
    retryAfterSeconds: extra.retryAfterSeconds ?? null,
  };
}

function retryAfter(response: Response): number | null {
  const value = response.headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function asPagination(value: unknown): Pagination | null {
  if (!isRecord(value)) return null;
  const { page, per_page, total_items, total_pages } = value;
  if ([page, per_page, total_items, total_pages].every((n) => typeof n === 'number')) {
    return value as unknown as Pagination;
  }
  return null;
}

/** The PRD envelope of `response` as a result. */
async function readEnvelope<T>(response: Response): Promise<ApiResult<T>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const meta = isRecord(body) && isRecord(body.meta) ? body.meta : {};
  const requestId =
    (typeof meta.request_id === 'string' ? meta.request_id : null) ?? response.headers.get('x-request-id');

  if (isRecord(body) && body.success === true && 'data' in body) {
    return {
      ok: true,
      status: response.status,
      data: body.data as T,
      pagination: asPagination(body.pagination),
      requestId,
    };
  }
  if (isRecord(body) && body.success === false && isRecord(body.error)) {
    const { code, message, details } = body.error;
    return problem(
      response.status,
      typeof code === 'string' ? code : `HTTP_${response.status}`,
      typeof message === 'string' ? message : 'The request failed.',
      { details, requestId, retryAfterSeconds: retryAfter(response) },
    );
  }
  return problem(
    response.status,
    `HTTP_${response.status}`,
    `The server answered HTTP ${response.status}, not in the API's format. The API may be unavailable.`,
    { requestId, retryAfterSeconds: retryAfter(response) },
  );
}

function urlFor(path: string, query: RequestOptions['query']): string {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** Turns a response into a result: the JSON envelope, or (for files) the body itself. */
type Reader<T> = (response: Response) => Promise<ApiResult<T>>;

/** A downloaded file: its bytes and the name from `Content-Disposition`, when the API gave one. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly filename: string | null;
}

function filenameOf(response: Response): string | null {
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed encoded name: fall back to the plain one.
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
}

/** A file answer (PDF, PNG) as a blob; errors still arrive as the JSON envelope. */
async function readFile(response: Response): Promise<ApiResult<DownloadedFile>> {
  if (!response.ok) return readEnvelope<DownloadedFile>(response);
  const requestId = response.headers.get('x-request-id');
  return {
    ok: true,
    status: response.status,
    data: { blob: await response.blob(), filename: filenameOf(response) },
    pagination: null,
    requestId,
  };
}

async function send<T>(
  method: string,
  path: string,
  options: RequestOptions,
  token: string | null,
  read: Reader<T>,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  // FormData (uploads) sets its own multipart content type with the boundary.
  const multipart = options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(urlFor(path, options.query), {
      method,
      headers,
      body:
        options.body === undefined
          ? undefined
          : multipart
            ? (options.body as FormData)
            : JSON.stringify(options.body),
      // The refresh cookie travels on the auth routes; same-origin, but explicit on purpose.
      credentials: 'include',
      cache: 'no-store',
    });
  } catch {
    return problem(0, 'NETWORK', 'Could not reach the server. Check your connection and try again.');
  }
  return read(response);
}

interface Refreshed {
  readonly access_token: string;
  readonly expires_in: number;
}

/** Runs `task` holding a lock shared by every tab of this origin (where the browser has Web Locks). */
function acrossTabs<T>(task: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request(REFRESH_LOCK, task) : task();
}

let refreshing: Promise<ApiResult<Refreshed>> | null = null;

/**
 * A new access token from the refresh cookie. Refusals (401/403) end the tab's session; outages
 * keep the old token, since the session may still be good.
 */
function refreshSession(): Promise<ApiResult<Refreshed>> {
  refreshing ??= acrossTabs(async () => {
    const result = await send<Refreshed>('POST', '/api/v1/auth/refresh', {}, null, readEnvelope);
    if (result.ok) storeAccessToken(result.data.access_token, result.data.expires_in);
    else if (result.status === 401 || result.status === 403) clearAccessToken();
    return result;
  }).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const RENEWABLE = new Set(['AUTH_002', 'AUTH_003']);

function signedOut(result: ApiProblem): ApiProblem {
  if (result.status === 401 || result.status === 403) unauthenticatedHandler?.(result);
  return result;
}

/** A request with the tab's access token, renewed once when missing, expiring or rejected. */
async function authorized<T>(
  method: string,
  path: string,
  options: RequestOptions,
  read: Reader<T>,
): Promise<ApiResult<T>> {
  if (options.auth === false) return send<T>(method, path, options, null, read);

  let token = usableToken();
  if (!token) {
    const renewed = await refreshSession();
    if (!renewed.ok) return signedOut(renewed);
    token = usableToken();
  }
  const first = await send<T>(method, path, options, token, read);
  if (first.ok || first.status !== 401 || !RENEWABLE.has(first.code)) return first;

  // Another request may already have renewed the token while this one was in flight.
  if (usableToken() === token) {
    const renewed = await refreshSession();
    if (!renewed.ok) return signedOut(renewed);
  }
  const second = await send<T>(method, path, options, usableToken(), read);
  return second.ok ? second : signedOut(second);
}

/** One API call; see the module comment for tokens, refresh and results. */
export function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  return authorized(method, path, options, readEnvelope<T>);
}

/**
 * A file the API serves behind the access token (a PDF, a preview image). `<img>` and `<iframe>`
 * cannot send the bearer header, so pages fetch the bytes and show them through an object URL.
 */
export function getFile(path: string): Promise<ApiResult<DownloadedFile>> {
  return authorized('GET', path, { headers: { accept: '*/*' } }, readFile);
}

/**
 * A usable access token for a WebSocket handshake (browsers cannot send headers there, so the
 * token travels in the query), renewed first when it is missing or about to expire.
 */
export async function accessTokenForSocket(): Promise<string | null> {
  const token = usableToken();
  if (token) return token;
  const renewed = await refreshSession();
  if (!renewed.ok) {
    signedOut(renewed);
    return null;
  }
  return usableToken();
}

export const get = <T>(path: string, query?: RequestOptions['query']) => api<T>('GET', path, { query });
export const post = <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
  api<T>('POST', path, { ...options, body });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const del = <T>(path: string, query?: RequestOptions['query']) => api<T>('DELETE', path, { query });

/**
 * The problem as one sentence for an alert: the API's message, when to retry after a 429, and the
 * request id that support can look up.
 */
export function describeProblem(result: ApiProblem): string {
  const parts = [result.message];
  if (result.status === 429 && result.retryAfterSeconds !== null) {
    parts.push(
      `Try again in ${result.retryAfterSeconds} second${result.retryAfterSeconds === 1 ? '' : 's'}.`,
    );
  }
  return parts.join(' ');
}

/** `encodeURIComponent` for one path segment of an API route. */
export const segment = (value: string) => encodeURIComponent(value);
