/**
 * BYOK provider keys through the local gateway (PRD §6.7): keys are stored envelope-encrypted
 * (the raw table never holds the plaintext), only last4 comes back, the pipeline's decrypt
 * round-trips, a wrong master key fails loudly, and "test key" talks to fake providers with the
 * real wire format (`fake-anthropic.ts`, Freepik's in `fake-providers.ts`), mapping 401/403 →
 * invalid and 429 / 5xx / 529 / timeouts → unavailable.
 */
import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvelopeDecryptionError } from '../../shared/crypto/envelope.ts';
import { documentClient, tableName } from '../../shared/data/client.ts';
import { service } from '../../shared/data/service.ts';
import { decryptAgencySecret } from '../../shared/provider-keys/agency-secrets.ts';
import { authApi } from '../support/api-client.ts';
import {
  countTokensReply,
  errorReply,
  type FakeAnthropic,
  startFakeAnthropic,
} from '../support/fake-anthropic.ts';
import {
  type FakeProviders,
  OVERLOADED_KEY,
  SLOW_KEY,
  startFakeProviders,
} from '../support/fake-providers.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyBySlug } from '../support/seed-data.ts';

const ANTHROPIC_KEY = 'sk-ant-api03-PLAINTEXT-never-stored-7Q9z';
const FREEPIK_KEY = 'fpk_plaintext_never_stored_K3y9';

let cloud: TestCloud;
let anthropic: FakeAnthropic;
let freepik: FakeProviders & { freepikUrl: string };
let api: ReturnType<typeof authApi>;
let adminToken: string;
let memberToken: string;

const put = (body: unknown, token = adminToken) =>
  api.call('PUT', '/api/v1/agency/api-keys', { agency: 'acme', bearer: token, body });
const test = (body: unknown) =>
  api.call('POST', '/api/v1/agency/api-keys/test', { agency: 'acme', bearer: adminToken, body });

beforeAll(async () => {
  // Counting tokens is what a key test asks; anything else unscripted is a 500 (a test bug).
  anthropic = await startFakeAnthropic({
    apiKeys: [ANTHROPIC_KEY],
    respond: (request) =>
      request.path === '/v1/messages/count_tokens' ? countTokensReply(8) : errorReply(500),
  });
  freepik = await startFakeProviders([FREEPIK_KEY]);
  // Set before the cloud starts: the handlers read their configuration once per process.
  process.env.ANTHROPIC_BASE_URL = anthropic.url;
  process.env.FREEPIK_BASE_URL = freepik.freepikUrl;
  process.env.PROVIDER_KEY_TEST_TIMEOUT_MS = '400';
  cloud = await startTestCloud();
  api = authApi(cloud);
  adminToken = (await api.session('acme', 'owner@acme.example.com')).access;
  memberToken = (await api.session('acme', 'member@acme.example.com')).access;
});
afterAll(async () => {
  await anthropic?.close();
  await freepik?.close();
  await cloud?.destroy();
});

describe('PUT /api/v1/agency/api-keys', () => {
  it('stores both keys encrypted and answers configured + last4 only', async () => {
    const answer = await put({ anthropic_api_key: ANTHROPIC_KEY, freepik_api_key: FREEPIK_KEY });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({
      anthropic: { configured: true, last4: '7Q9z' },
      freepik: { configured: true, last4: 'K3y9' },
    });
    expect(JSON.stringify(answer.body)).not.toContain('PLAINTEXT');
  });

  it('never writes the plaintext anywhere in the table (agency item, audit log, everything)', async () => {
    const items: unknown[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(
        new ScanCommand({ TableName: tableName(), ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const raw = JSON.stringify(items);
    expect(raw).toContain('csenc1.');
    for (const fragment of [ANTHROPIC_KEY, FREEPIK_KEY, 'PLAINTEXT-never', 'plaintext_never'])
      expect(raw).not.toContain(fragment);
    const stored = await agencyBySlug('acme');
    expect(stored.anthropic_api_key_encrypted?.startsWith('csenc1.')).toBe(true);
  });

  it('decrypts for the pipeline (round trip), and only for the agency and field it was written for', async () => {
    const acme = await agencyBySlug('acme');
    expect(await decryptAgencySecret(acme, 'anthropic_api_key_encrypted')).toBe(ANTHROPIC_KEY);
    expect(await decryptAgencySecret(acme, 'freepik_api_key_encrypted')).toBe(FREEPIK_KEY);
    const demo = await agencyBySlug('demo');
    const moved = { ...demo, anthropic_api_key_encrypted: acme.anthropic_api_key_encrypted };
    await expect(decryptAgencySecret(moved, 'anthropic_api_key_encrypted')).rejects.toThrow(
      EnvelopeDecryptionError,
    );
    const swapped = { ...acme, anthropic_api_key_encrypted: acme.freepik_api_key_encrypted };
    await expect(decryptAgencySecret(swapped, 'anthropic_api_key_encrypted')).rejects.toThrow(
      EnvelopeDecryptionError,
    );
  });

  it('fails loudly with the wrong master key', async () => {
    const acme = await agencyBySlug('acme');
    const kid = Buffer.from(
      acme.anthropic_api_key_encrypted?.split('.')[1] as string,
      'base64url',
    ).toString();
    const wrongMaster = { id: kid, key: randomBytes(32) };
    const wrongKeyring = { current: async () => wrongMaster, byId: async () => wrongMaster };
    await expect(decryptAgencySecret(acme, 'anthropic_api_key_encrypted', wrongKeyring)).rejects.toThrow(
      /failed authentication/,
    );
  });

  it('removes a key with null and leaves the other untouched', async () => {
    const answer = await put({ freepik_api_key: null });
    expect(answer.body.data).toEqual({
      anthropic: { configured: true, last4: '7Q9z' },
      freepik: { configured: false, last4: null },
    });
    const acme = await agencyBySlug('acme');
    expect(acme.freepik_api_key_encrypted).toBeUndefined();
    expect(acme.freepik_api_key_last4).toBeUndefined();
    await put({ freepik_api_key: FREEPIK_KEY });
  });

  it('records audit entries without key material', async () => {
    const { data: entries } = await service()
      .entities.auditLog.query.byAction({
        agency_id: (await agencyBySlug('acme')).id,
        action: 'provider_keys_update',
      })
      .go();
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(entries)).not.toMatch(/7Q9z|K3y9|PLAINTEXT|csenc1/);
  });

  it('rejects bad bodies and non-admins', async () => {
    expect((await put({})).status).toBe(422);
    expect((await put({ anthropic_api_key: 'has space inside key' })).status).toBe(422);
    const member = await put({ anthropic_api_key: ANTHROPIC_KEY }, memberToken);
    expect(member.status).toBe(403);
  });
});

describe('POST /api/v1/agency/api-keys/test', () => {
  it('checks the stored Anthropic key with the real headers and answers valid', async () => {
    const before = anthropic.requests.length;
    const answer = await test({ provider: 'anthropic' });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({ provider: 'anthropic', valid: true, status: 'valid' });
    const sent = anthropic.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      method: 'POST',
      path: '/v1/messages/count_tokens',
      apiKey: ANTHROPIC_KEY,
    });
    expect(sent[0]?.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(sent[0]?.headers['anthropic-version']).toBe('2026-10-21');
  });

  it('checks a supplied Freepik key with x-freepik-api-key', async () => {
    const before = freepik.requests.length;
    const answer = await test({ provider: 'freepik', api_key: FREEPIK_KEY });
    expect(answer.body.data).toMatchObject({ valid: true, status: 'valid' });
    expect(freepik.requests[before]?.headers['x-freepik-api-key']).toBe(FREEPIK_KEY);
  });

  it('maps 401/403 to invalid; 429, 5xx, 529 and timeouts to unavailable', async () => {
    const anthropicVerdict = async (key: string) =>
      (await test({ provider: 'anthropic', api_key: key })).body.data;
    expect(await anthropicVerdict('sk-ant-wrong-key-1234')).toMatchObject({
      valid: false,
      status: 'invalid',
    });
    anthropic.enqueue(errorReply(403));
    expect(await anthropicVerdict(ANTHROPIC_KEY)).toMatchObject({ valid: false, status: 'invalid' });
    for (const status of [429, 500, 529]) {
      anthropic.enqueue(errorReply(status, { retryAfter: 0 }));
      expect(await anthropicVerdict(ANTHROPIC_KEY), `status ${status}`).toMatchObject({
        valid: false,
        status: 'unavailable',
        message: expect.stringContaining(`status ${status}`),
      });
    }
    anthropic.enqueue({ hang: true });
    expect(await anthropicVerdict(ANTHROPIC_KEY)).toMatchObject({
      status: 'unavailable',
      message: expect.stringContaining('no answer in time'),
    });

    expect((await test({ provider: 'freepik', api_key: 'fpk_wrong_key_1234' })).body.data).toMatchObject({
      valid: false,
      status: 'invalid',
    });
    expect((await test({ provider: 'freepik', api_key: OVERLOADED_KEY })).body.data).toMatchObject({
      status: 'unavailable',
    });
    expect((await test({ provider: 'freepik', api_key: SLOW_KEY })).body.data).toMatchObject({
      status: 'unavailable',
      message: expect.stringContaining('no answer in time'),
    });
  });

  it('asks for a key when none is stored', async () => {
    await put({ freepik_api_key: null });
    const answer = await test({ provider: 'freepik' });
    expect(answer.status).toBe(422);
    expect(answer.body.error?.code).toBe('VAL_001');
  });
});
