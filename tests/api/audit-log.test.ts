/**
 * The agency audit log through the local gateway (connected): API-key creation and revocation are
 * recorded with who, what, request id and address; agency admins read their own agency's log
 * newest first, filtered and paginated, and never another agency's entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CallOptions, callApi } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { type AgencyStaff, agencyStaff, SEEDED_AGENCIES } from '../support/seed-data.ts';

let cloud: TestCloud;

const agencies: Record<string, AgencyStaff> = {};

// biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field
type Body = any;
const call = (method: string, path: string, options?: CallOptions) =>
  callApi<Body>(cloud, method, path, options);

const LOG = '/api/v1/agency/audit-log';
const log = (agency: string, query = '', bearer = agencies[agency]?.admin) =>
  call('GET', `${LOG}${query}`, { agency, bearer });

/** Creates a key as the agency's admin, with a recognisable request id. */
async function createKey(agency: string, name: string, scopes?: string[]) {
  const answer = await call('POST', '/api/v1/agency/api-keys', {
    agency,
    bearer: agencies[agency]?.admin,
    body: { name, ...(scopes ? { scopes } : {}) },
    headers: { 'x-request-id': `req-${name.toLowerCase().replace(/\W+/g, '-')}` },
  });
  if (answer.status !== 201) throw new Error(`create key: ${answer.text}`);
  return answer.body.data as { id: string; key: string };
}

const demoKeys: Array<{ id: string; key: string }> = [];
let acmeKey: { id: string; key: string };

beforeAll(async () => {
  cloud = await startTestCloud();
  for (const slug of SEEDED_AGENCIES) agencies[slug] = await agencyStaff(slug);
  for (const name of ['First', 'Second', 'Third']) demoKeys.push(await createKey('demo', name));
  const revoked = await call('DELETE', `/api/v1/agency/api-keys/${demoKeys[1]?.id}`, {
    agency: 'demo',
    bearer: agencies.demo?.admin,
  });
  if (revoked.status !== 200) throw new Error(`revoke: ${revoked.text}`);
  acmeKey = await createKey('acme', 'Acme reader', ['agency:update']);
});
afterAll(() => cloud.destroy());

describe('audit log (connected)', () => {
  it('records key creation and revocation with actor, request id and address, newest first', async () => {
    const answer = await log('demo', '?resource_type=api_key');
    expect(answer.status).toBe(200);
    const entries = answer.body.data as Array<Record<string, unknown>>;
    expect(entries.map((entry) => [entry.action, entry.resource_name])).toEqual([
      ['api_key_revoke', 'Second'],
      ['api_key_create', 'Third'],
      ['api_key_create', 'Second'],
      ['api_key_create', 'First'],
    ]);
    expect(entries[3]).toMatchObject({
      action_category: 'auth',
      resource_type: 'api_key',
      resource_id: demoKeys[0]?.id,
      user_id: agencies.demo?.adminId,
      api_key_id: null,
      status: 'success',
      ip_address: '127.0.0.1',
      request_id: 'req-first',
      metadata: { key_prefix: demoKeys[0]?.key.slice(0, 12) },
    });
    const times = entries.map((entry) => entry.created_at as string);
    expect([...times].sort().reverse()).toEqual(times);
    for (const key of demoKeys) expect(answer.text).not.toContain(key.key.slice(12));
  });

  it('filters by action and time range', async () => {
    const revokes = await log('demo', '?action=api_key_revoke');
    expect(revokes.body.data.map((entry: { resource_id: string }) => entry.resource_id)).toEqual([
      demoKeys[1]?.id,
    ]);

    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await log('demo', `?from=${encodeURIComponent(future)}`)).status).toBe(422);
    expect((await log('demo', '?to=2020-01-01')).body.data).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const dayOnly = await log('demo', `?resource_type=api_key&from=${today}&to=${today}`);
    // Just after midnight UTC the entries may belong to yesterday; then the day is empty.
    expect([0, 4]).toContain(dayOnly.body.data.length);
    const first = await log('demo', '?resource_type=api_key&action=api_key_create');
    const oldest = first.body.data.at(-1).created_at as string;
    // `to` is inclusive on both indexes (by action, and by time with a resource filter).
    for (const filter of ['action=api_key_create', 'resource_type=api_key']) {
      const exact = await log('demo', `?${filter}&to=${encodeURIComponent(oldest)}`);
      expect(exact.body.data.map((entry: { resource_name: string }) => entry.resource_name)).toEqual([
        'First',
      ]);
    }
  });

  it('paginates with the PRD pagination block', async () => {
    const page1 = await log('demo', '?resource_type=api_key&per_page=3');
    expect(page1.body.data).toHaveLength(3);
    expect(page1.body.pagination).toEqual({
      page: 1,
      per_page: 3,
      total_items: 4,
      total_pages: 2,
      has_next: true,
      has_prev: false,
    });
    const page2 = await log('demo', '?resource_type=api_key&per_page=3&page=2');
    expect(page2.body.data.map((entry: { resource_name: string }) => entry.resource_name)).toEqual(['First']);
    expect(page2.body.pagination).toMatchObject({ page: 2, has_next: false, has_prev: true });
    expect((await log('demo', '?resource_type=api_key&per_page=3&page=3')).body.data).toEqual([]);

    for (const bad of [
      '?per_page=101',
      '?per_page=0',
      '?page=0',
      '?action=DROP%20TABLE',
      '?from=yesterday',
    ]) {
      const answer = await log('demo', bad);
      expect(answer.status, bad).toBe(422);
      expect(answer.body.error.code).toBe('VAL_001');
    }
    const tooLong = await log('demo', '?from=2020-01-01&to=2026-01-01');
    expect(tooLong.status).toBe(422);
  });

  it('shows each agency only its own entries, to its admins (or a key with agency:update) only', async () => {
    const acme = await log('acme');
    expect(acme.status).toBe(200);
    expect(acme.body.data.map((entry: { resource_id: string }) => entry.resource_id)).toContain(acmeKey.id);
    for (const key of demoKeys) expect(acme.text).not.toContain(key.id);
    expect(acme.text).not.toContain(agencies.demo?.adminId);
    const demo = await log('demo');
    expect(demo.text).not.toContain(acmeKey.id);

    const member = await log('demo', '', agencies.demo?.member);
    expect(member.status).toBe(403);
    expect(member.body.error.code).toBe('AUTH_004');

    const viaKey = await call('GET', LOG, { agency: 'acme', key: acmeKey.key });
    expect(viaKey.status).toBe(200);
    expect(viaKey.text).not.toContain(demoKeys[0]?.id as string);
    expect((await call('GET', LOG, { agency: 'demo', key: acmeKey.key })).status).toBe(401);
    const readOnly = await call('GET', LOG, { agency: 'demo', key: demoKeys[0]?.key });
    expect(readOnly.status).toBe(403);
  });
});
