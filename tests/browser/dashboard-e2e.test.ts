/**
 * End to end: the whole local cloud (dashboard, gateway, handlers, emulators) in headless
 * Chromium. The status page must show what the real `/api/v1/health` handler reports, with the
 * request id the API returned.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedBrowser, launchBrowser, openPage, savePng } from '../support/browser.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';

const distDir = fileURLToPath(new URL('../../frontend/dist', import.meta.url));

let cloud: TestCloud;
let chromium: LaunchedBrowser;

beforeAll(async () => {
  cloud = await startTestCloud({ distDir });
  chromium = await launchBrowser();
});
afterAll(async () => {
  await chromium?.close();
  await cloud?.destroy();
});

describe('dashboard on the local cloud (end to end)', () => {
  it('shows the live health of the database and storage with the API request id', async () => {
    const responses: string[] = [];
    const page = await chromium.browser.newPage();
    page.on('response', (response) => {
      const requestId = response.headers()['x-request-id'];
      if (response.url().endsWith('/api/v1/health') && requestId) responses.push(requestId);
    });
    await page.setViewport({ width: 1280, height: 800 });
    await page.goto(`${cloud.url}/status`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('[data-health][aria-busy="false"]');

    const components = await page.$$eval('[data-component]', (items) =>
      items.map((item) => [
        item.getAttribute('data-component'),
        item.querySelector('.badge')?.getAttribute('data-status'),
      ]),
    );
    expect(components).toEqual([
      ['database', 'ok'],
      ['storage', 'ok'],
    ]);
    const shownRequestId = await page.$eval('[data-health-request-id]', (node) => node.textContent);
    expect(responses).toContain(shownRequestId);
    await savePng(page, 'e2e-status');
    await page.close();

    const signIn = await openPage(chromium.browser, `${cloud.url}/sign-in`, { waitFor: 'form' });
    expect(
      await signIn.$$eval('input', (inputs) => inputs.map((input) => input.getAttribute('type'))),
    ).toEqual(expect.arrayContaining(['email', 'password']));
    await savePng(signIn, 'e2e-sign-in');
    await signIn.close();
  });
});
