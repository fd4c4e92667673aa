/**
 * What the auth API tests share: calling the auth routes the way a browser would (host per
 * tenant, refresh token as a cookie), reading the `Set-Cookie` answer and the local outbox.
 */
import type { OutboxEmail } from '../../infra/local/ses/ses-service.ts';
import type { TestCloud } from '../support/local-cloud.ts';

/** The seeded password of every demo login (`shared/seed/demo.ts`). */
export const DEMO_PASSWORD = 'Demo-Password-2026';

/** The PRD envelope of an answer, with `meta` left out so two answers can be compared. */
export interface Answer {
  status: number;
  body: {
    success: boolean;
    data?: Record<string, unknown>;
    error?: { code: string; message: string; details: unknown };
  };
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
  async function call(
    method: string,
    path: string,
    options: {
      agency?: string;
      body?: unknown;
      bearer?: string;
      refresh?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    if (options.refresh !== undefined) headers.cookie = `refresh_token=${options.refresh}`;
    const response = await cloud.request(path, {
      method,
      agency: options.agency,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const { meta: _meta, ...body } = (await response.json()) as Answer['body'] & { meta: unknown };
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('refresh_token='));
    return { status: response.status, body, cookie };
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
    async mailTo(to: string): Promise<OutboxEmail[]> {
      const outbox = (await (await cloud.request('/_local/outbox')).json()) as OutboxEmail[];
      return outbox.filter((mail) => mail.to.includes(to));
    },
    /** The `token=` of the newest email to `to` linking to `page`. */
    async emailedToken(to: string, page: string): Promise<string> {
      const mail = (await this.mailTo(to)).filter((item) => item.text?.includes(`/${page}?token=`)).at(-1);
      const token = new RegExp(`/${page}\\?token=([A-Za-z0-9_-]+)`).exec(mail?.text ?? '')?.[1];
      if (!token) throw new Error(`no ${page} email to ${to}`);
      return token;
    },
  };
}
