/**
 * For browser tests of the dashboard on the local cloud: the build it serves, and the steps every
 * such test takes (signing in, typing over a field, waiting for a toast).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { DEMO_PASSWORD } from './api-client.ts';
import { startTestCloud, type TestCloud } from './local-cloud.ts';

/** The dashboard build (`npm run build:frontend`). */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../frontend/dist', import.meta.url));

/**
 * The local cloud serving the dashboard build, which must have `builtPage` (e.g. `clients/view`):
 * a build from before that page was added would fail the test for the wrong reason.
 */
export async function startDashboardCloud(builtPage: string): Promise<TestCloud> {
  if (!existsSync(`${DASHBOARD_DIST}/${builtPage}/index.html`)) {
    throw new Error('The dashboard build is missing or outdated: run `npm run build:frontend` first.');
  }
  return startTestCloud({ distDir: DASHBOARD_DIST });
}

/** Opens `url` (the sign-in page, or a page that sends there), signs in and waits for the shell. */
export async function signIn(
  page: Page,
  url: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('form[data-sign-in]');
  await page.type('#email', email);
  await page.type('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form[data-sign-in] button[type="submit"]')]);
  // Generous: password hashing on a busy shared machine can take a while.
  await page.waitForSelector('body[data-session-ready]', { timeout: 60_000 });
}

/** Opens `url` and waits until the shell has loaded the user and allowed the page. */
export async function openSignedIn(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('body[data-session-ready]');
}

/** Replaces what the field at `selector` holds with `value`, typed as a user would. */
export async function fill(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(selector, (input) => {
    (input as HTMLInputElement).value = '';
  });
  await page.type(selector, value);
}

/** Waits for a toast saying `text` (earlier toasts may still be showing). */
export async function expectToast(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      [...document.querySelectorAll('[data-toast]')].some((toast) => toast.textContent?.trim() === expected),
    {},
    text,
  );
}
