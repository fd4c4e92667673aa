/**
 * The generation webhook's signing secret through the local gateway (PRD §4.2.2 `webhook_url`,
 * `webhook_secret`): created by the first saved URL and shown once, never readable again, rotated
 * on request, removed with the URL, audited without its value, per agency, stored only
 * envelope-encrypted; and end to end, a generation run through the API delivering a
 * `document.completed` event over HTTPS to a loopback receiver that verifies the signature with
 * the secret the API showed, and no delivery at all when the stored secret does not decrypt.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgencyItem } from '../../shared/data/entities/agencies.ts';
import type { ClientItem } from '../../shared/data/entities/clients.ts';
import { service } from '../../shared/data/service.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { decryptAgencySecret, encryptAgencySecret } from '../../shared/provider-keys/agency-secrets.ts';
import { notifyGenerationWebhook } from '../../shared/webhooks/generation-webhook.ts';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../shared/webhooks/signature.ts';
import { callApi, type Envelope, type RawAnswer } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyBySlug, tokenForRole } from '../support/seed-data.ts';

// biome-ignore lint/suspicious/noExplicitAny: the tests read answers as nested JSON
type Answer = RawAnswer<Envelope<Record<string, any>>>;

interface Delivery {
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

let cloud: TestCloud;
let receiver: Server;
let receiverUrl: string;
const deliveries: Delivery[] = [];
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

const call = (
  method: string,
  path: string,
  token: string,
  body?: unknown,
  agency = 'acme',
): Promise<Answer> => callApi(cloud, method, path, { agency, bearer: token, body });

const ROTATE = '/api/v1/agency/webhook-secret/rotate';

async function storedAgency(slug: string): Promise<AgencyItem> {
  const { data } = await service()
    .entities.agency.get({ id: ids[slug] as string })
    .go({ consistent: true });
  if (!data) throw new Error(`no agency ${slug}`);
  return data;
}

/** The stored secret, decrypted as the delivery decrypts it. */
async function storedSecret(slug: string): Promise<string | undefined> {
  return decryptAgencySecret(await storedAgency(slug), 'webhook_secret_encrypted');
}

async function recentAudit(slug: string) {
  const { data } = await service()
    .entities.auditLog.query.byTime({ agency_id: ids[slug] as string })
    .go({ order: 'desc', limit: 20 });
  return data;
}

async function until<T>(
  read: () => T | undefined | Promise<T | undefined>,
  what: string,
  timeoutMs = 150_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  // An HTTPS receiver on loopback with a certificate for `localhost` that this process trusts:
  // deliveries go through the real TLS path, only the trust store knows about the test.
  const dir = mkdtempSync(join(tmpdir(), 'cs-webhook-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    setDefaultCACertificates([...getCACertificates('default'), cert]);
    receiver = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.writeHead(204).end();
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  receiverUrl = `https://localhost:${port}/hooks/content-strategist`;
  // The SSRF guard refuses loopback; the test-only allowlist opens exactly this receiver.
  process.env.RESEARCH_FETCH_ALLOWLIST = `127.0.0.1:${port}`;
  cloud = await startTestCloud();
  for (const slug of ['demo', 'acme']) {
    ids[slug] = (await agencyBySlug(slug)).id;
    tokens[`${slug}Admin`] = await tokenForRole(ids[slug] as string, 'agency_admin');
    tokens[`${slug}Member`] = await tokenForRole(ids[slug] as string, 'agency_member');
  }
}, 60_000);

afterAll(async () => {
  await cloud?.destroy();
  await closeBrowser();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  delete process.env.RESEARCH_FETCH_ALLOWLIST;
});

describe('the webhook signing secret (connected)', () => {
  let first: string;

  it('is created by the first saved URL and shown once; later reads and saves only say it exists', async () => {
    const saved = await call('PUT', '/api/v1/agency', tokens.acmeAdmin as string, {
      webhook_url: 'https://hooks.acme.example/cs',
    });
    expect(saved.status).toBe(200);
    first = saved.body.data?.webhook_secret;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(saved.body.data?.settings).toMatchObject({
      webhook_url: 'https://hooks.acme.example/cs',
      webhook_configured: true,
      webhook_secret_configured: true,
    });
    expect(await storedSecret('acme')).toBe(first);
    // At rest only the envelope ciphertext, which no answer repeats either.
    const stored = (await storedAgency('acme')).webhook_secret_encrypted as string;
    expect(stored.startsWith('csenc1.')).toBe(true);
    expect(stored).not.toContain(first);
    expect(saved.text).not.toContain(stored);

    const read = await call('GET', '/api/v1/agency', tokens.acmeAdmin as string);
    expect(read.body.data?.settings.webhook_secret_configured).toBe(true);
    expect(read.text).not.toContain(first);
    expect(read.text).not.toContain(stored);

    const moved = await call('PUT', '/api/v1/agency', tokens.acmeAdmin as string, {
      webhook_url: 'https://hooks.acme.example/v2',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data).not.toHaveProperty('webhook_secret');
    expect(moved.text).not.toContain(first);
    expect(await storedSecret('acme')).toBe(first);

    const audit = await recentAudit('acme');
    const created = audit.find((entry) => entry.action === 'agency_update' && entry.metadata?.webhook_secret);
    expect(created?.metadata).toEqual({ webhook_secret: 'created' });
    expect(JSON.stringify(audit)).not.toContain(first);
    expect(JSON.stringify(audit)).not.toContain(stored);
  });

  it('rotates for agency admins only: a new secret, shown once, audited without its value', async () => {
    const refused = await call('POST', ROTATE, tokens.acmeMember as string);
    expect({ status: refused.status, code: refused.body.error?.code }).toEqual({
      status: 403,
      code: 'AUTH_004',
    });
    expect(await storedSecret('acme')).toBe(first);
    const demoBefore = await storedSecret('demo');

    const rotated = await call('POST', ROTATE, tokens.acmeAdmin as string);
    expect(rotated.status).toBe(200);
    const next = rotated.body.data?.webhook_secret;
    expect(rotated.body.data).toEqual({ webhook_url: 'https://hooks.acme.example/v2', webhook_secret: next });
    expect(next).toMatch(/^[0-9a-f]{64}$/);
    expect(next).not.toBe(first);
    expect(await storedSecret('acme')).toBe(next);
    // Another agency's secret is its own.
    expect(await storedSecret('demo')).toBe(demoBefore);

    const audit = await recentAudit('acme');
    const entry = audit.find((each) => each.action === 'agency_webhook_secret_rotate');
    expect(entry).toMatchObject({
      resource_type: 'agency',
      resource_id: ids.acme,
      metadata: { webhook_url: 'https://hooks.acme.example/v2', replaced_existing: true },
    });
    expect(JSON.stringify(audit)).not.toContain(next);
  });

  it('goes with the URL: no secret without one, rotation refused, a new URL gets a new secret', async () => {
    const cleared = await call('PUT', '/api/v1/agency', tokens.acmeAdmin as string, { webhook_url: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data?.settings).toMatchObject({
      webhook_url: null,
      webhook_configured: false,
      webhook_secret_configured: false,
    });
    expect(await storedSecret('acme')).toBeUndefined();
    expect((await recentAudit('acme'))[0]?.metadata).toEqual({ webhook_secret: 'removed' });

    const refused = await call('POST', ROTATE, tokens.acmeAdmin as string);
    expect({ status: refused.status, code: refused.body.error?.code }).toEqual({
      status: 422,
      code: 'VAL_002',
    });
    expect(await storedSecret('acme')).toBeUndefined();

    const again = await call('PUT', '/api/v1/agency', tokens.acmeAdmin as string, {
      webhook_url: 'https://hooks.acme.example/v3',
    });
    expect(again.body.data?.webhook_secret).toMatch(/^[0-9a-f]{64}$/);
    expect(again.body.data?.webhook_secret).not.toBe(first);
  });

  it('shows one secret when two saves create it at once: the stored one; a lost race is 409 RES_003', async () => {
    await call('PUT', '/api/v1/agency', tokens.acmeAdmin as string, { webhook_url: null });
    const answers = await Promise.all(
      ['https://hooks.acme.example/a', 'https://hooks.acme.example/b', 'https://hooks.acme.example/c'].map(
        (url) => call('PUT', '/api/v1/agency', tokens.acmeAdmin as string, { webhook_url: url }),
      ),
    );
    for (const answer of answers) {
      expect(answer.status === 200 || answer.body.error?.code === 'RES_003', answer.text).toBe(true);
    }
    const shown = answers.map((answer) => answer.body.data?.webhook_secret).filter(Boolean);
    expect(shown).toHaveLength(1);
    expect(await storedSecret('acme')).toBe(shown[0]);
  });
});

describe('signed delivery end to end (connected)', () => {
  let documentId: string;

  it('a generation started through the API reaches the agency’s HTTPS receiver, signed with the secret the API showed; after a rotation, with the new one', async () => {
    const admin = tokens.demoAdmin as string;
    const saved = await call('PUT', '/api/v1/agency', admin, { webhook_url: receiverUrl }, 'demo');
    expect(saved.status).toBe(200);
    const secret: string = saved.body.data?.webhook_secret;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);

    const clients = (
      await service()
        .entities.client.query.byId({ agency_id: ids.demo as string })
        .go()
    ).data as ClientItem[];
    const client = clients.find((each) => each.is_active) as ClientItem;
    const started = await call(
      'POST',
      `/api/v1/clients/${client.id}/documents/generate`,
      admin,
      { topic: 'Webhook delivery for finished documents' },
      'demo',
    );
    expect(started.status, started.text).toBe(202);
    documentId = started.body.data?.document_id;

    const delivery = await until(
      () => deliveries.find((each) => JSON.parse(each.body).data?.document_id === documentId),
      'the completion webhook',
    );
    const event = JSON.parse(delivery.body);
    expect(event, delivery.body).toMatchObject({
      event: 'document.completed',
      agency_id: ids.demo,
      data: { document_id: documentId, client_id: client.id, status: 'ready' },
    });
    expect(delivery.headers['x-content-strategist-event']).toBe('document.completed');
    const signature = delivery.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifyWebhookSignature(secret, delivery.body, signature)).toBe(true);
    expect(verifyWebhookSignature(secret, delivery.body.replace('ready', 'failed'), signature)).toBe(false);

    // A rotation takes effect for the next delivery: the old secret no longer verifies it.
    const rotated = await call('POST', ROTATE, admin, undefined, 'demo');
    const next: string = rotated.body.data?.webhook_secret;
    const count = deliveries.length;
    const outcome = await notifyGenerationWebhook(ids.demo as string, documentId, 'document.completed');
    expect(outcome).toMatchObject({ sent: true, delivered: true, attempts: 1 });
    const redelivered = deliveries[count] as Delivery;
    const resigned = redelivered.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifyWebhookSignature(next, redelivered.body, resigned)).toBe(true);
    expect(verifyWebhookSignature(secret, redelivered.body, resigned)).toBe(false);
  }, 200_000);

  it('sends nothing, rather than an unsigned event, when the stored secret does not decrypt; a rotation mends it', async () => {
    const demoId = ids.demo as string;
    const plaintext = 'b'.repeat(64);
    const count = deliveries.length;
    const unreadable = [
      // A plaintext secret, as the PRD column once held it.
      plaintext,
      // A genuine ciphertext, but another agency's.
      await encryptAgencySecret(ids.acme as string, 'webhook_secret_encrypted', plaintext),
    ];
    for (const value of unreadable) {
      await service().entities.agency.patch({ id: demoId }).set({ webhook_secret_encrypted: value }).go();
      expect(await notifyGenerationWebhook(demoId, documentId, 'document.completed')).toEqual({
        sent: false,
        reason: 'secret_unreadable',
      });
    }
    expect(deliveries).toHaveLength(count);

    const rotated = await call('POST', ROTATE, tokens.demoAdmin as string, undefined, 'demo');
    expect(rotated.status).toBe(200);
    const next: string = rotated.body.data?.webhook_secret;
    const outcome = await notifyGenerationWebhook(demoId, documentId, 'document.completed');
    expect(outcome).toMatchObject({ sent: true, delivered: true });
    const delivery = deliveries[count] as Delivery;
    expect(
      verifyWebhookSignature(next, delivery.body, delivery.headers[SIGNATURE_HEADER.toLowerCase()] as string),
    ).toBe(true);
  });
});
