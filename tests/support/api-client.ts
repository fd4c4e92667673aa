/**
 * Calling the API of a test cloud the way a browser or an integration would: JSON bodies, a
 * bearer token or an API key, the host of an agency, the refresh token as a cookie; and the
 * auth-route conveniences (sign in, refresh, the local outbox) the auth tests share.
 */
import type { OutboxEmail } from '../../infra/local/ses/ses-service.ts';
import type { TestCloud } from './local-cloud.ts';

/** The seeded password of every demo login (`shared/seed/demo.ts`). */
export const DEMO_PASSWORD = 'Demo-Password-2026';

/** The PRD envelope; `Data` is how a test file wants to read `data`. */
export interface Envelope<Data = Record<string, unknown>> {
  success: boolean;
  data?: Data;
  pagination?: Record<string, unknown>;
  error?: { code: string; message: string; details: unknown };
}

/** An answer as it came: status, headers, the raw text and the parsed JSON body. */
export interface RawAnswer<Body = Envelope> {
  status: number;
  headers: Headers;
  text: string;
  body: Body;
}

export interface CallOptions {
  /** The agency whose host is called (`undefined` = the platform host). */
  agency?: string | undefined;
  /** Sent as JSON when given. */
  body?: unknown;
  /** An access token, sent as `Authorization: Bearer …`. */
  bearer?: string | undefined;
  /** A programmatic API key, sent as `X-API-Key`. */
  key?: string | undefined;
  /** A refresh token, sent as the `refresh_token` cookie. */
  refresh?: string | undefined;
  headers?: Record<string, string>;
}

/** One request to the API of `cloud`, with its JSON answer. */
export async function callApi<Body = Envelope>(
  cloud: TestCloud,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<RawAnswer<Body>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.key) headers['x-api-key'] = options.key;
  if (options.refresh !== undefined) headers.cookie = `refresh_token=${options.refresh}`;
  const response = await cloud.request(path, {
    method,
    agency: options.agency,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as Body };
}

/** Every email the local outbox of `cloud` sent to `to`, oldest first. */
export async function outboxTo(cloud: TestCloud, to: string): Promise<OutboxEmail[]> {
  const outbox = (await (await cloud.request('/_local/outbox')).json()) as OutboxEmail[];
  return outbox.filter((mail) => mail.to.includes(to));
}

/** The PRD envelope of an answer, with `meta` left out so two answers can be compared. */
export interface Answer {
  status: number;
  body: Envelope;
  /** The refresh-token `Set-Cookie` line, when the answer set one. */
  cookie: string | undefined;
}

/** The token a `refresh_token=…` cookie line carries (empty when it deletes the cookie). */
export function cookieToken(cookie: string | undefined): string | undefined {
  return /^refresh_token=([^;]*)/.exec(cookie ?? '')?.[1];
}

/** The field errors of a 422 VAL_001 answer (empty for any other answer). */
export function fieldErrors(answer: Answer): { field: string; message: string }[] {
  return (answer.body.error?.details as { field: string; message: string }[] | null) ?? [];
}

/** Calls the API of `cloud`; `agency` picks the host (`undefined` = the platform host). */
export function authApi(cloud: TestCloud) {
  async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const answer = await callApi<Envelope & { meta: unknown }>(cloud, method, path, options);
    const { meta: _meta, ...body } = answer.body;
    const cookie = answer.headers.getSetCookie().find((line) => line.startsWith('refresh_token='));
    return { status: answer.status, body, cookie };
  }

  return {
    call,
    login: (agency: string | undefined, email: string, password = DEMO_PASSWORD) =>
      call('POST', '/api/v1/auth/login', { agency, body: { email, password } }),
    /** Signs in and returns the access token and the refresh token (from the cookie). */
    async session(agency: string | undefined, email: string, password = DEMO_PASSWORD) {
      const answer = await call('POST', '/api/v1/auth/login', { agency, body: { email, password } });
      if (answer.status !== 200) throw new Error(`login ${email}: ${JSON.stringify(answer.body)}`);
      return {
        access: answer.body.data?.access_token as string,
        refresh: cookieToken(answer.cookie) as string,
        answer,
      };
    },
    refresh: (agency: string | undefined, refreshToken: string) =>
      call('POST', '/api/v1/auth/refresh', { agency, refresh: refreshToken }),
    me: (agency: string | undefined, accessToken: string) =>
      call('GET', '/api/v1/auth/me', { agency, bearer: accessToken }),
    /** Every email sent to `to`, oldest first. */
    mailTo: (to: string): Promise<OutboxEmail[]> => outboxTo(cloud, to),
    /** The `token=` of the newest email to `to` linking to `page`. */
    async emailedToken(to: string, page: string): Promise<string> {
      const mail = (await this.mailTo(to)).filter((item) => item.text?.includes(`/${page}?token=`)).at(-1);
      const token = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail?.text ?? '')?.[1];
      if (!token) throw new Error(`no ${page} email to ${to}`);
      return token;
    },
  };
}
