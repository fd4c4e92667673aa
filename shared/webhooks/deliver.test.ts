import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSsrfGuard } from '../research/ssrf-guard.ts';
import { deliverWebhook } from './deliver.ts';
import { SIGNATURE_HEADER, signWebhookBody, verifyWebhookSignature } from './signature.ts';

/** A receiver on loopback that answers from a script and verifies signatures like an agency would. */
let server: Server;
let port: number;
let script: Array<{ status: number; headers?: Record<string, string> }>;
let received: Array<{ body: string; headers: IncomingMessage['headers']; verified: boolean }>;
const SECRET = 'whsec_test_0123456789abcdef';

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined;
      received.push({
        body,
        headers: req.headers,
        verified: verifyWebhookSignature(SECRET, body, signature),
      });
      const answer = script.shift() ?? { status: 200 };
      res.writeHead(answer.status, answer.headers).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  script = [];
  received = [];
});

const instant = async () => {};
const options = () => ({
  guard: createSsrfGuard({ allowedHosts: [`127.0.0.1:${port}`] }),
  sleep: instant,
  policy: { timeoutMs: 2_000 },
});
const signed = (body: string) => ({ [SIGNATURE_HEADER]: signWebhookBody(SECRET, body) });

describe('webhook delivery (offline, loopback receiver)', () => {
  it('delivers a body whose signature the receiver verifies', async () => {
    const body = JSON.stringify({ event: 'document.completed', id: 'd-1' });
    const result = await deliverWebhook(`http://127.0.0.1:${port}/hook`, body, signed(body), options());
    expect(result).toEqual({ delivered: true, attempts: 1, status: 200 });
    expect(received).toHaveLength(1);
    expect(received[0]?.body).toBe(body);
    expect(received[0]?.verified).toBe(true);
    expect(received[0]?.headers['content-type']).toBe('application/json');
  });

  it('a tampered body or another secret does not verify', () => {
    const body = '{"a":1}';
    const signature = signWebhookBody(SECRET, body);
    expect(verifyWebhookSignature(SECRET, '{"a":2}', signature)).toBe(false);
    expect(verifyWebhookSignature('other-secret', body, signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, body, undefined)).toBe(false);
  });

  it('retries 5xx and 429 (honouring Retry-After) until the receiver accepts', async () => {
    script = [{ status: 503 }, { status: 429, headers: { 'Retry-After': '1' } }, { status: 204 }];
    const waits: number[] = [];
    const body = '{"event":"document.failed"}';
    const result = await deliverWebhook(`http://127.0.0.1:${port}/hook`, body, signed(body), {
      ...options(),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(result).toEqual({ delivered: true, attempts: 3, status: 204 });
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(1_000);
    expect(waits[1]).toBe(1_000);
    // Every attempt carried the same signed body.
    expect(received.every((each) => each.verified && each.body === body)).toBe(true);
  });

  it('gives up after the bounded attempts', async () => {
    script = Array.from({ length: 10 }, () => ({ status: 500 }));
    const result = await deliverWebhook(
      `http://127.0.0.1:${port}/hook`,
      '{}',
      {},
      {
        ...options(),
        policy: { maxAttempts: 3, timeoutMs: 2_000 },
      },
    );
    expect(result).toMatchObject({ delivered: false, attempts: 3, status: 500 });
    expect(received).toHaveLength(3);
  });

  it('does not retry a refusal (4xx) nor follow a redirect', async () => {
    script = [{ status: 400 }];
    expect(await deliverWebhook(`http://127.0.0.1:${port}/hook`, '{}', {}, options())).toMatchObject({
      delivered: false,
      attempts: 1,
      status: 400,
    });
    script = [{ status: 302, headers: { Location: 'http://169.254.169.254/latest/meta-data/' } }];
    expect(await deliverWebhook(`http://127.0.0.1:${port}/hook`, '{}', {}, options())).toMatchObject({
      delivered: false,
      attempts: 1,
      status: 302,
    });
    expect(received).toHaveLength(2);
  });

  it('refuses private, loopback and metadata addresses before connecting (SSRF guard)', async () => {
    for (const url of [
      `http://127.0.0.1:${port}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.8/hook',
      'http://[::1]:8080/hook',
    ]) {
      const result = await deliverWebhook(url, '{}', {}, { sleep: instant });
      expect(result).toMatchObject({ delivered: false, attempts: 1, status: null });
      expect(result.error).toMatch(/resolves to|address/);
    }
    expect(received).toHaveLength(0);
  });
});
