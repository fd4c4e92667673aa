/**
 * Programmatic API keys through the local gateway (connected): a key is shown once and stored as
 * its SHA-256, works only on its own agency's host, within its scopes, from allowed addresses,
 * until revoked or expired, and its use is recorded without a write per request.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY_SCOPES } from '../../shared/api-keys/schemas.ts';
import { service } from '../../shared/data/service.ts';
import { type CallOptions, callApi } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { type AgencyStaff, agencyStaff, SEEDED_AGENCIES } from '../support/seed-data.ts';

let cloud: TestCloud;

const agencies: Record<string, AgencyStaff> = {};

// biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field
type Body = any;
const call = (method: string, path: string, options?: CallOptions) =>
  callApi<Body>(cloud, method, path, options);

const KEYS = '/api/v1/agency/api-keys';
const LIST = `${KEYS}/list`;

/** Creates a key in `agency` as its admin and returns the create answer's data. */
async function createKey(agency: string, body: Record<string, unknown>) {
  const answer = await call('POST', KEYS, { agency, bearer: agencies[agency]?.admin, body });
  if (answer.status !== 201) throw new Error(`create key: ${answer.text}`);
  return answer.body.data as { id: string; key: string } & Record<string, unknown>;
}

const manager = { scopes: ['agency:api_keys:manage'] };

beforeAll(async () => {
  cloud = await startTestCloud();
  for (const slug of SEEDED_AGENCIES) agencies[slug] = await agencyStaff(slug);
});
afterAll(() => cloud.destroy());

describe('API keys (connected)', () => {
  it('shows a new key once, stores only its SHA-256 and lists it by prefix only', async () => {
    const answer = await call('POST', KEYS, {
      agency: 'demo',
      bearer: agencies.demo?.admin,
      body: { name: 'Production', description: 'CRM sync', ...manager },
    });
    expect(answer.status).toBe(201);
    const created = answer.body.data;
    expect(created.key).toMatch(/^csa_live_[A-Za-z0-9_-]{43,}$/);
    expect(created).toMatchObject({
      name: 'Production',
      description: 'CRM sync',
      key_prefix: created.key.slice(0, 12),
      scopes: ['agency:api_keys:manage'],
      allowed_ips: null,
      rate_limit_per_minute: 60,
      rate_limit_per_day: 10_000,
      is_active: true,
      expires_at: null,
      total_requests: 0,
      created_by: { id: agencies.demo?.adminId, name: 'Olivia Owens' },
      warning: expect.stringContaining('only time'),
    });

    const hash = createHash('sha256').update(created.key).digest('hex');
    const { data: stored } = await service()
      .entities.apiKey.get({ agency_id: agencies.demo?.id as string, id: created.id })
      .go();
    expect(stored?.key_hash).toBe(hash);
    expect(JSON.stringify(stored)).not.toContain(created.key.slice(12));
    const { data: marker } = await service()
      .entities.unique.get({ namespace: 'api_key_hash', value: hash })
      .go();
    expect(marker?.owner_id).toBe(created.id);

    const list = await call('GET', LIST, { agency: 'demo', bearer: agencies.demo?.admin });
    expect(list.status).toBe(200);
    expect(list.body.data.find((key: { id: string }) => key.id === created.id)).toMatchObject({
      key_prefix: created.key_prefix,
      is_active: true,
    });
    expect(list.text).not.toContain(created.key.slice(12));
    expect(list.text).not.toContain(hash);
    expect(list.text).not.toContain('"key"');
  });

  it('defaults to read-only scopes and reports every invalid field', async () => {
    const reader = await createKey('demo', { name: 'Reader' });
    expect(reader.scopes).toEqual(DEFAULT_API_KEY_SCOPES);

    const answer = await call('POST', KEYS, {
      agency: 'demo',
      bearer: agencies.demo?.admin,
      body: {
        name: ' ',
        scopes: ['self'],
        allowed_ips: ['10.0.0.0/33', 'localhost', '192.168.1.0/24'],
        expires_at: '2020-01-01T00:00:00Z',
        rate_limit_per_minute: 0,
        rate_limit_per_day: 1_000_000,
      },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VAL_001');
    expect(answer.body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'allowed_ips.0',
      'allowed_ips.1',
      'expires_at',
      'name',
      'rate_limit_per_day',
      'rate_limit_per_minute',
      'scopes.0',
    ]);
  });

  it("works on its own agency's host only, and only alone", async () => {
    const { key } = await createKey('demo', { name: 'Host bound', ...manager });
    expect((await call('GET', LIST, { agency: 'demo', key })).status).toBe(200);
    for (const agency of ['acme', undefined]) {
      const answer = await call('GET', LIST, { agency, key });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('AUTH_003');
      expect(answer.text).not.toContain(agencies.demo?.id);
    }
    const both = await call('GET', LIST, { agency: 'demo', key, bearer: agencies.demo?.admin });
    expect(both.status).toBe(401);
    for (const bad of ['not-a-key', `csa_live_${'A'.repeat(43)}`, `${key}x`]) {
      const answer = await call('GET', LIST, { agency: 'demo', key: bad });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toMatchObject({ code: 'AUTH_003', message: 'Invalid API key' });
    }
  });

  it('holds only its scopes: a read-only key cannot manage keys, a key cannot grant more than it holds', async () => {
    const reader = await createKey('demo', { name: 'Read only' });
    for (const [method, path, body] of [
      ['POST', KEYS, { name: 'Escalation', ...manager }],
      ['GET', LIST, undefined],
      ['DELETE', `${KEYS}/${reader.id}`, undefined],
    ] as const) {
      const answer = await call(method, path, { agency: 'demo', key: reader.key, body });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe('AUTH_004');
    }

    const { key } = await createKey('demo', {
      name: 'Key manager',
      scopes: ['agency:api_keys:manage', 'clients:read'],
    });
    const wider = await call('POST', KEYS, {
      agency: 'demo',
      key,
      body: { name: 'Wider', scopes: ['clients:read', 'clients:delete'] },
    });
    expect(wider.status).toBe(403);
    expect(wider.body.error.message).toContain('clients:delete');
    const narrower = await call('POST', KEYS, {
      agency: 'demo',
      key,
      body: { name: 'Narrower', scopes: ['clients:read'] },
    });
    expect(narrower.status).toBe(201);
    expect(narrower.body.data.created_by).toBeNull();
  });

  it('refuses a revoked key at once and an expired key', async () => {
    const revoked = await createKey('demo', { name: 'To revoke', ...manager });
    const answer = await call('DELETE', `${KEYS}/${revoked.id}`, {
      agency: 'demo',
      bearer: agencies.demo?.admin,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({
      message: 'API key revoked',
      id: revoked.id,
      revoked_at: expect.any(String),
    });
    const refused = await call('GET', LIST, { agency: 'demo', key: revoked.key });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toMatchObject({ code: 'AUTH_003', message: 'This API key has been revoked' });

    const again = await call('DELETE', `${KEYS}/${revoked.id}`, {
      agency: 'demo',
      bearer: agencies.demo?.admin,
    });
    expect(again.status).toBe(200);
    expect(again.body.data.revoked_at).toBe(answer.body.data.revoked_at);
    const listed = (await call('GET', LIST, { agency: 'demo', bearer: agencies.demo?.admin })).body.data.find(
      (key: { id: string }) => key.id === revoked.id,
    );
    expect(listed).toMatchObject({ is_active: false, revoked_at: answer.body.data.revoked_at });

    const expiring = await createKey('demo', {
      name: 'Expiring',
      ...manager,
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect((await call('GET', LIST, { agency: 'demo', key: expiring.key })).status).toBe(200);
    await service()
      .entities.apiKey.patch({ agency_id: agencies.demo?.id as string, id: expiring.id })
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .go();
    const expired = await call('GET', LIST, { agency: 'demo', key: expiring.key });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({ code: 'AUTH_003', message: 'This API key has expired' });
  });

  it('accepts requests only from allowed addresses (the local gateway sees 127.0.0.1)', async () => {
    const loopback = await createKey('demo', { name: 'Loopback', ...manager, allowed_ips: ['127.0.0.0/8'] });
    expect((await call('GET', LIST, { agency: 'demo', key: loopback.key })).status).toBe(200);

    const elsewhere = await createKey('demo', {
      name: 'Office only',
      ...manager,
      allowed_ips: ['10.0.0.0/8', '203.0.113.7', '2001:db8::/32'],
    });
    const refused = await call('GET', LIST, { agency: 'demo', key: elsewhere.key });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('AUTH_004');
    expect(refused.body.error.message).toContain('127.0.0.1');
  });

  it("never shows or revokes another agency's keys", async () => {
    const demoKey = await createKey('demo', { name: 'Demo secret', ...manager });
    const acmeList = await call('GET', LIST, { agency: 'acme', bearer: agencies.acme?.admin });
    expect(acmeList.status).toBe(200);
    expect(acmeList.text).not.toContain(demoKey.id);
    expect(acmeList.text).not.toContain('Demo secret');

    const revoke = await call('DELETE', `${KEYS}/${demoKey.id}`, {
      agency: 'acme',
      bearer: agencies.acme?.admin,
    });
    expect(revoke.status).toBe(404);
    expect(revoke.body.error.code).toBe('RES_001');
    expect((await call('GET', LIST, { agency: 'demo', key: demoKey.key })).status).toBe(200);

    const member = await call('GET', LIST, { agency: 'demo', bearer: agencies.demo?.member });
    expect(member.status).toBe(403);
  });

  it('records last use and counts every request without writing the key on each', async () => {
    const used = await createKey('demo', { name: 'Busy', ...manager });
    for (let i = 0; i < 3; i += 1)
      expect((await call('GET', LIST, { agency: 'demo', key: used.key })).status).toBe(200);
    const list = await call('GET', LIST, { agency: 'demo', bearer: agencies.demo?.admin });
    expect(list.body.data.find((key: { id: string }) => key.id === used.id)).toMatchObject({
      last_used_at: expect.any(String),
      last_used_ip: '127.0.0.1',
      total_requests: 3,
    });

    // A day of use before today is folded into the stored total by the first request of a day.
    const folding = await createKey('demo', { name: 'Long-lived', ...manager });
    const counterKey = `api_key:${folding.id}:day`;
    const yesterday = Math.floor(Date.now() / 86_400_000) * 86_400 - 86_400;
    await service()
      .entities.rateLimitWindow.create({
        key: counterKey,
        window_start: yesterday,
        count: 5,
        ttl: yesterday + 90 * 86_400,
      })
      .go();
    expect((await call('GET', LIST, { agency: 'demo', key: folding.key })).status).toBe(200);
    const { data: stored } = await service()
      .entities.apiKey.get({ agency_id: agencies.demo?.id as string, id: folding.id })
      .go();
    expect(stored?.total_requests).toBe(5);
    const { data: left } = await service()
      .entities.rateLimitWindow.get({ key: counterKey, window_start: yesterday })
      .go();
    expect(left).toBeNull();
    const listed = (await call('GET', LIST, { agency: 'demo', bearer: agencies.demo?.admin })).body.data.find(
      (key: { id: string }) => key.id === folding.id,
    );
    expect(listed.total_requests).toBe(6);
  });
});
