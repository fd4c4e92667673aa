/**
 * The built dashboard in headless Chromium: the status page renders what `/api/v1/health`
 * reports (and says so when the API is unreachable), the sign-in page shows its form, signed-in
 * pages send visitors to sign in, and every screen is saved to `.tmp/screenshots/` for a person
 * to look at.
 *
 * The API is a stand-in answering in the PRD envelope (health, and "no session" for the token
 * refresh), so this test checks the pages, not the API; `identity.test.ts` and
 * `dashboard-e2e.test.ts` run the dashboard on the full local cloud.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardService } from '../../infra/local/dashboard/dashboard-service.ts';
import type { LocalService } from '../../infra/local/service.ts';
import { type LaunchedBrowser, launchBrowser, openPage, savePng } from '../support/browser.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const distDir = fileURLToPath(new URL('../../frontend/dist', import.meta.url));

/** The build is normally made by `npm run build:frontend`; a fresh clone gets one here. */
function ensureBuilt(): void {
  if (existsSync(`${distDir}/index.html`)) return;
  const astro = fileURLToPath(new URL('../../node_modules/astro/bin/astro.mjs', import.meta.url));
  execFileSync(process.execPath, [astro, 'build', '--root', 'frontend'], {
    cwd: repoRoot,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  });
}

type HealthReply = { status: number; body: unknown } | 'drop-connection';

// Shaped like shared/system/health.ts reports (checks keyed by component, 503 when degraded).
const HEALTHY: HealthReply = {
  status: 200,
  body: {
    success: true,
    data: {
      status: 'healthy',
      version: '0.1.0',
      checks: {
        database: { status: 'ok', latency_ms: 4 },
        storage: { status: 'ok', latency_ms: 2 },
      },
    },
    meta: { request_id: 'req_5f0c2a4e-8d1b-4c3a-9e7f-1a2b3c4d5e6f', timestamp: '2026-11-25T09:30:00.000Z' },
  },
};

const DEGRADED: HealthReply = {
  status: 503,
  body: {
    success: true,
    data: {
      status: 'degraded',
      version: '0.1.0',
      checks: {
        database: { status: 'ok', latency_ms: 5 },
        storage: { status: 'error', latency_ms: 2000, message: 'TimeoutError' },
      },
    },
    meta: { request_id: 'req_9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', timestamp: '2026-11-25T09:31:00.000Z' },
  },
};

/** The API's answer to a token refresh without a refresh cookie: nobody is signed in. */
const NO_SESSION = {
  success: false,
  error: { code: 'AUTH_003', message: 'No refresh token; please sign in', details: null },
  meta: { request_id: 'req_1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', timestamp: '2026-11-25T09:29:00.000Z' },
};

/**
 * Answers `/api/v1/health` with whatever the current test set, and `/api/v1/auth/refresh` with
 * "no session"; everything else falls through.
 */
function healthStandIn(reply: () => HealthReply): LocalService {
  return {
    name: 'health-stand-in',
    handle(req, res: ServerResponse) {
      if (req.method === 'POST' && req.url === '/api/v1/auth/refresh') {
        res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify(NO_SESSION));
        return true;
      }
      if (req.url !== '/api/v1/health') return false;
      const current = reply();
      if (current === 'drop-connection') {
        req.socket.destroy();
        return true;
      }
      res.writeHead(current.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(current.body));
      return true;
    },
    async close() {},
  };
}

describe('dashboard in headless Chromium', () => {
  let server: Server;
  let services: LocalService[];
  let baseUrl: string;
  let chromium: LaunchedBrowser;
  let health: HealthReply = HEALTHY;
  const pages: Page[] = [];

  async function open(path: string, options: Parameters<typeof openPage>[2] = {}): Promise<Page> {
    const page = await openPage(chromium.browser, `${baseUrl}${path}`, options);
    pages.push(page);
    return page;
  }

  const statusReady = '[data-health][aria-busy="false"]';

  beforeAll(async () => {
    ensureBuilt();
    services = [];
    server = createServer((req, res) => {
      void (async () => {
        for (const service of services) if (await service.handle?.(req, res)) return;
        res.writeHead(404).end();
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    services.push(
      healthStandIn(() => health),
      await createDashboardService({ dataDir: tmpdir(), origin: baseUrl, distDir }),
    );
    chromium = await launchBrowser();
    console.log(
      `Chromium ${chromium.version} at ${chromium.executablePath}, launched in ${chromium.launchMs} ms`,
    );
  });

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close()));
    health = HEALTHY;
  });

  afterAll(async () => {
    await chromium?.close();
    await new Promise((resolve) => server?.close(resolve));
    await Promise.all(services.map((service) => service.close()));
  });

  it('status page lists each component the API reports, with its status, request id and time', async () => {
    const page = await open('/status', { waitFor: statusReady });
    const rows = await page.$$eval('[data-component]', (items) =>
      items.map((item) => ({
        key: item.getAttribute('data-component'),
        name: item.querySelector('.health-component-name')?.textContent,
        badge: item.querySelector('.badge')?.textContent,
        status: item.querySelector('.badge')?.getAttribute('data-status'),
      })),
    );
    expect(rows).toEqual([
      { key: 'database', name: 'Database', badge: 'Operational', status: 'ok' },
      { key: 'storage', name: 'Storage', badge: 'Operational', status: 'ok' },
    ]);
    const summary = await page.$eval('[data-health]', (root) => ({
      tone: root.querySelector('[data-health-indicator]')?.getAttribute('data-tone'),
      headline: root.querySelector('[data-health-headline]')?.textContent,
      subline: root.querySelector('[data-health-subline]')?.textContent,
      requestId: root.querySelector('[data-health-request-id]')?.textContent,
      time: root.querySelector('[data-health-time] time')?.getAttribute('datetime'),
      details: [...root.querySelectorAll('[data-health-detail]')].map((row) => row.textContent),
      errorShown: !(root.querySelector('[data-health-error]') as HTMLElement).hidden,
    }));
    expect(summary).toEqual({
      tone: 'ok',
      headline: 'All systems operational',
      subline: 'The API reports “healthy” (HTTP 200).',
      requestId: 'req_5f0c2a4e-8d1b-4c3a-9e7f-1a2b3c4d5e6f',
      time: '2026-11-25T09:30:00.000Z',
      details: ['Version0.1.0'],
      errorShown: false,
    });
    expect(await page.$eval('a[aria-current="page"]', (link) => link.textContent?.trim())).toBe(
      'System status',
    );
    await savePng(page, 'status');
  });

  it('status page shows a degraded report (HTTP 503 with a body) component by component', async () => {
    health = DEGRADED;
    const page = await open('/status', { waitFor: statusReady });
    const badges = await page.$$eval('[data-component] .badge', (items) =>
      items.map((item) => [item.textContent, item.getAttribute('data-tone')]),
    );
    expect(badges).toEqual([
      ['Operational', 'ok'],
      ['Down', 'down'],
    ]);
    expect(
      await page.$eval('[data-component="storage"] .health-component-details', (node) => node.textContent),
    ).toBe('Latency 2000 msTimeoutError');
    expect(await page.$eval('[data-health-headline]', (node) => node.textContent)).toBe(
      'Some systems are degraded',
    );
    expect(await page.$eval('[data-health-indicator]', (node) => node.getAttribute('data-tone'))).toBe(
      'warn',
    );
    await savePng(page, 'status-degraded');
  });

  it('status page says the API is unreachable when the connection fails, and recovers on Refresh', async () => {
    health = 'drop-connection';
    const page = await open('/status', { waitFor: statusReady });
    expect(await page.$eval('[data-health]', (root) => root.getAttribute('data-state'))).toBe('unreachable');
    expect(await page.$eval('[data-health-headline]', (node) => node.textContent)).toBe(
      'The API is unreachable',
    );
    expect(await page.$eval('[data-health-error]', (node) => (node as HTMLElement).hidden)).toBe(false);
    expect(await page.$eval('[data-health-components-card]', (node) => getComputedStyle(node).display)).toBe(
      'none',
    );
    await savePng(page, 'status-unreachable');

    health = HEALTHY;
    await page.click('[data-health-refresh]');
    await page.waitForSelector('[data-health][data-state="report"][aria-busy="false"]');
    expect(await page.$$eval('[data-component]', (items) => items.length)).toBe(2);
  });

  it('status page renders list-shaped checks and keeps status words it does not know', async () => {
    health = {
      status: 200,
      body: {
        success: true,
        data: {
          status: 'starting',
          build: { commit: '4f2c9e1' },
          components: [
            { name: 'api', status: 'ok', latency_ms: 1 },
            { name: 'websocket', status: 'warming_up' },
          ],
        },
        meta: {
          request_id: 'req_0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a',
          timestamp: '2026-11-25T09:32:00.000Z',
        },
      },
    };
    const page = await open('/status', { waitFor: statusReady });
    const rows = await page.$$eval('[data-component]', (items) =>
      items.map((item) => [
        item.querySelector('.health-component-name')?.textContent,
        item.querySelector('.badge')?.textContent,
      ]),
    );
    expect(rows).toEqual([
      ['API', 'Operational'],
      ['WebSocket', 'Warming_up'],
    ]);
    expect(await page.$eval('[data-health-headline]', (node) => node.textContent)).toBe('Status: Starting');
    expect(
      await page.$$eval('[data-health-detail]', (items) => items.map((item) => item.textContent)),
    ).toEqual(['Build{"commit":"4f2c9e1"}']);
  });

  it('status page shows an API error envelope with its code, message and request id', async () => {
    health = {
      status: 500,
      body: {
        success: false,
        error: { code: 'SYS_001', message: 'An unexpected error occurred.', details: {} },
        meta: {
          request_id: 'req_7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
          timestamp: '2026-11-25T09:33:00.000Z',
        },
      },
    };
    const page = await open('/status', { waitFor: statusReady });
    const shown = await page.$eval('[data-health]', (root) => ({
      state: root.getAttribute('data-state'),
      headline: root.querySelector('[data-health-headline]')?.textContent,
      // innerText on purpose: the test reads the error as rendered for a person, not the DOM text.
      // biome-ignore lint/performance/useDomNodeTextContent: rendered text is what is under test
      error: (root.querySelector('[data-health-error]') as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
      requestId: root.querySelector('[data-health-request-id]')?.textContent,
    }));
    expect(shown).toEqual({
      state: 'api-error',
      headline: 'The health check failed',
      error: 'SYS_001 (HTTP 500) An unexpected error occurred.',
      requestId: 'req_7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918',
    });
    await savePng(page, 'status-api-error');
  });

  it('status page fits a phone screen', async () => {
    const page = await open('/status', { waitFor: statusReady, width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await savePng(page, 'status-mobile');
  });

  it('sign-in page shows a labelled form, and says so when the API does not answer in its format', async () => {
    const page = await open('/sign-in');
    const fields = await page.$$eval('form[data-sign-in] input', (inputs) =>
      inputs.map((input) => ({
        type: input.getAttribute('type'),
        label: document.querySelector(`label[for="${input.id}"]`)?.textContent,
        required: (input as HTMLInputElement).required,
      })),
    );
    expect(fields).toEqual([
      { type: 'email', label: 'Email', required: true },
      { type: 'password', label: 'Password', required: true },
    ]);
    expect(await page.$eval('a[href="/forgot-password"]', (link) => link.textContent)).toBe(
      'Forgot password?',
    );
    await savePng(page, 'sign-in');

    // The stand-in has no sign-in route: the page must say the API is unavailable, not hang.
    await page.type('#email', 'owner@demo.example.com');
    await page.type('#password', 'not-a-real-password');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-form-alert]:not([hidden])');
    expect(await page.$eval('[data-form-alert]', (node) => node.textContent)).toContain(
      'The API may be unavailable.',
    );
    expect(page.url()).toBe(`${baseUrl}/sign-in`);
    await savePng(page, 'sign-in-submitted');
  });

  it('signed-in sections send visitors without a session to sign in, naming the page to return to', async () => {
    const page = await open('/clients');
    await page.waitForSelector('form[data-sign-in]');
    expect(page.url()).toBe(`${baseUrl}/sign-in?next=%2Fclients`);
    expect(await page.$eval('[data-sign-in-intro]', (node) => node.textContent)).toBe(
      'Please sign in to continue.',
    );
  });

  it('public pages show only the status link and a sign-in button to visitors', async () => {
    const page = await open('/status', { waitFor: '[data-sign-in-link]:not([hidden])' });
    const nav = await page.$$eval('nav[aria-label="Main"] a', (links) =>
      links.filter((link) => link.closest('[hidden]') === null).map((link) => link.textContent?.trim()),
    );
    expect(nav).toEqual(['System status']);
  });

  it('unknown addresses get the 404 page', async () => {
    const page = await open('/no-such-page');
    expect(await page.$eval('h1', (node) => node.textContent)).toBe('Page not found');
    await savePng(page, 'not-found');
  });
});
