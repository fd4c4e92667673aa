/**
 * Rate limits through the local gateway (connected): API keys by their own per-minute and
 * per-day limits, users per user, callers without credentials and credential endpoints per IP;
 * `X-RateLimit-*` on every limited answer, 429 RATE_001 with `Retry-After` past the limit.
 *
 * Windows are real clock windows, so an assertion about one window is only made on answers that
 * all fell into the same one (same `X-RateLimit-Reset`); a run that straddled a boundary is
 * repeated. Nothing here asserts how long anything took.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../shared/api/routes.ts';
import { issueAccessToken } from '../../shared/auth/access-token.ts';
import { service } from '../../shared/data/service.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';

let cloud: TestCloud;
let demoId: string;

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field
  body: any;
}

/**
 * Sends a request from the loopback address `from` (Linux routes all of 127.0.0.0/8 to the
 * loopback interface), so that per-IP counters can start from zero in each test.
 */
function call(
  method: string,
  path: string,
  options: { agency?: string; bearer?: string; key?: string; body?: unknown; from?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {
    host: options.agency ? `${options.agency}.localhost:${cloud.port}` : `localhost:${cloud.port}`,
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (options.key) headers['x-api-key'] = options.key;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: cloud.port,
        path,
        method,
        headers,
        localAddress: options.from ?? '127.0.0.1',
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            if (typeof value === 'string') responseHeaders.set(name, value);
          resolve({
            status: res.statusCode ?? 0,
            headers: responseHeaders,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

const KEYS = '/api/v1/agency/api-keys';
const LIST = `${KEYS}/list`;

/** A token of a fresh demo admin: its per-user counter starts at zero. */
async function adminToken(): Promise<string> {
  const subject = { sub: randomUUID(), role: 'agency_admin', agency_id: demoId, client_id: null } as const;
  return (await issueAccessToken({ ...subject, email: 'owner@demo.example.com', session_id: randomUUID() }))
    .token;
}

async function createKey(body: Record<string, unknown>): Promise<string> {
  const answer = await call('POST', KEYS, { agency: 'demo', bearer: await adminToken(), body });
  if (answer.status !== 201) throw new Error(`create key: ${JSON.stringify(answer.body)}`);
  return answer.body.data.key;
}

/** Runs `requests` until all its answers fell into one window of the limit they report. */
async function inOneWindow(requests: () => Promise<Answer[]>): Promise<Answer[]> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const answers = await requests();
    if (new Set(answers.map((answer) => answer.headers.get('x-ratelimit-reset'))).size === 1) return answers;
  }
  throw new Error('three runs in a row straddled a window boundary');
}

const header = (answers: Answer[], name: string) => answers.map((answer) => answer.headers.get(name));

beforeAll(async () => {
  // Class limits scaled down so that a handful of requests reaches them: 3/min per IP
  // (standard), 5/min per user, 1/min per IP on credential endpoints.
  cloud = await startTestCloud({ rateLimitMultiplier: 0.05 });
  demoId = (await service().entities.agency.query.bySlug({ slug: 'demo' }).go()).data[0]?.id as string;
});
afterAll(() => cloud.destroy());

describe('rate limits (connected)', () => {
  it('limits an API key to its own per-minute limit, with headers on every answer', async () => {
    const answers = await inOneWindow(async () => {
      const key = await createKey({
        name: 'Small',
        scopes: ['agency:api_keys:manage'],
        rate_limit_per_minute: 3,
      });
      const result: Answer[] = [];
      for (let i = 0; i < 4; i += 1) result.push(await call('GET', LIST, { agency: 'demo', key }));
      return result;
    });
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(header(answers, 'x-ratelimit-limit')).toEqual(['3', '3', '3', '3']);
    expect(header(answers, 'x-ratelimit-remaining')).toEqual(['2', '1', '0', '0']);
    const reset = Number(answers[0]?.headers.get('x-ratelimit-reset'));
    expect(reset % 60).toBe(0);
    const refused = answers[3] as Answer;
    expect(refused.body.error.code).toBe('RATE_001');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.error.details).toEqual({ retry_after: retryAfter });
  });

  it('limits an API key to its own per-day limit, retrying at the next UTC midnight', async () => {
    const answers = await inOneWindow(async () => {
      const key = await createKey({
        name: 'Daily',
        scopes: ['agency:api_keys:manage'],
        rate_limit_per_minute: 5,
        rate_limit_per_day: 2,
      });
      const result: Answer[] = [];
      for (let i = 0; i < 3; i += 1) result.push(await call('GET', LIST, { agency: 'demo', key }));
      return result;
    });
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(header(answers, 'x-ratelimit-limit')).toEqual(['2', '2', '2']);
    expect(Number(answers[0]?.headers.get('x-ratelimit-reset')) % 86_400).toBe(0);
    expect(Number(answers[2]?.headers.get('retry-after'))).toBeLessThanOrEqual(86_400);
  });

  it('counts refused requests of a key too, and puts the headers on error answers', async () => {
    const key = await createKey({ name: 'Reader', rate_limit_per_minute: 3 });
    const answer = await call('GET', LIST, { agency: 'demo', key });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('x-ratelimit-limit')).toBe('3');
    expect(answer.headers.get('x-ratelimit-remaining')).not.toBeNull();
  });

  it('limits a signed-in user per user', async () => {
    const answers = await inOneWindow(async () => {
      const bearer = await adminToken();
      const result: Answer[] = [];
      for (let i = 0; i < 6; i += 1) result.push(await call('GET', LIST, { agency: 'demo', bearer }));
      return result;
    });
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(header(answers, 'x-ratelimit-limit')).toEqual(Array(6).fill('5'));
  });

  it('limits callers without valid credentials per IP, across public and protected routes', async () => {
    let address = 10;
    const answers = await inOneWindow(async () => {
      const from = `127.0.0.${address++}`;
      return [
        await call('GET', '/api/v1/plans', { from }),
        await call('GET', LIST, { agency: 'demo', bearer: 'not-a-token', from }),
        await call('GET', LIST, { agency: 'demo', key: `csa_live_${'A'.repeat(43)}`, from }),
        await call('GET', '/api/v1/plans', { from }),
      ];
    });
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 401, 429]);
    expect(header(answers, 'x-ratelimit-limit')).toEqual(['3', '3', '3', '3']);
    expect(header(answers, 'x-ratelimit-remaining')).toEqual(['2', '1', '0', '0']);
    expect(answers[3]?.headers.get('retry-after')).not.toBeNull();
    // Another address has its own counter.
    expect((await call('GET', '/api/v1/plans', { from: '127.0.0.99' })).status).toBe(200);
  });

  it('limits credential endpoints per IP, whatever the outcome of each attempt', async () => {
    const route = ROUTES.find((candidate) => candidate.rateLimit === 'auth' && candidate.permission === null);
    if (!route) throw new Error('no public auth-class route in the route table');
    let address = 30;
    const answers = await inOneWindow(async () => {
      const from = `127.0.0.${address++}`;
      const attempt = () => call(route.method, route.path, { agency: 'demo', body: {}, from });
      return [await attempt(), await attempt()];
    });
    expect(answers[0]?.status).not.toBe(429);
    expect(answers[1]?.status).toBe(429);
    expect(answers[1]?.body.error.code).toBe('RATE_001');
    expect(header(answers, 'x-ratelimit-limit')).toEqual(['1', '1']);
  });

  it('leaves health and the API description unlimited', async () => {
    for (let i = 0; i < 5; i += 1) {
      const answer = await call('GET', '/api/v1/health', { from: '127.0.0.50' });
      expect(answer.status).not.toBe(429);
      expect(answer.headers.get('x-ratelimit-limit')).toBeNull();
    }
  });
});
