/**
 * Settings → General, the generation webhook, in headless Chromium against the whole local cloud:
 * saving the first URL shows its signing secret once (with a copy button), closing the dialog
 * takes it off the page, the page afterwards only says a secret exists, and rotating asks first,
 * then shows the new secret once. What the page shows is what the agency item stores. Screens are
 * saved to `.tmp/screenshots/settings-webhook-*.png`.
 *
 * Needs the dashboard build (`npm run build:frontend`; `npm test` makes it first).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service } from '../../shared/data/service.ts';
import { decryptAgencySecret } from '../../shared/provider-keys/agency-secrets.ts';
import { type LaunchedBrowser, launchBrowser, savePng } from '../support/browser.ts';
import { signIn, startDashboardCloud } from '../support/dashboard.ts';
import type { TestCloud } from '../support/local-cloud.ts';
import { agencyBySlug } from '../support/seed-data.ts';

let cloud: TestCloud;
let chromium: LaunchedBrowser;
let owner: Page;
let agencyId: string;

const demo = (path: string) => `http://demo.localhost:${cloud.port}${path}`;

/** The stored secret, decrypted as the webhook delivery decrypts it. */
async function storedSecret(): Promise<string | undefined> {
  const { data } = await service().entities.agency.get({ id: agencyId }).go({ consistent: true });
  return data ? decryptAgencySecret(data, 'webhook_secret_encrypted') : undefined;
}

const statusText = () => owner.$eval('[data-webhook-secret-status]', (node) => node.textContent ?? '');

/** Waits for the one-time dialog and returns the secret it shows. */
async function shownSecret(): Promise<string> {
  await owner.waitForSelector('#webhook-secret-dialog[open]');
  return owner.$eval('#webhook-secret-dialog [data-secret]', (input) => (input as HTMLInputElement).value);
}

/** Closes the one-time dialog and checks the secret left the page with it. */
async function dismissSecret(secret: string): Promise<void> {
  await owner.click('#webhook-secret-dialog .dialog-footer [data-dialog-close]');
  await owner.waitForSelector('#webhook-secret-dialog:not([open])');
  // The page wipes the field on the dialog's `close` event, a task after the dialog shuts.
  await owner.waitForFunction(
    () => document.querySelector<HTMLInputElement>('#webhook-secret-dialog [data-secret]')?.value === '',
  );
  expect(await owner.evaluate(() => document.body.innerHTML)).not.toContain(secret);
}

beforeAll(async () => {
  cloud = await startDashboardCloud('settings');
  agencyId = (await agencyBySlug('demo')).id;
  chromium = await launchBrowser();
  owner = await chromium.browser.newPage();
  await owner.setViewport({ width: 1280, height: 900 });
  await signIn(owner, demo('/sign-in?next=%2Fsettings'), 'owner@demo.example.com');
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await cloud?.destroy();
});

describe('the webhook in Settings → General (end to end)', () => {
  it('shows the secret created by the first URL once, then only that one exists', async () => {
    await owner.waitForSelector('form[data-general-form]:not([hidden])');
    expect(await statusText()).toContain('Save a webhook URL');
    expect(
      await owner.$eval('[data-rotate-secret]', (button) => (button as HTMLButtonElement).disabled),
    ).toBe(true);

    await owner.type('#webhook_url', 'https://hooks.demo.example/content-strategist');
    await owner.click('form[data-general-form] button[type="submit"]');
    const secret = await shownSecret();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await storedSecret()).toBe(secret);
    expect(await owner.$eval('[data-secret-url]', (node) => node.textContent)).toBe(
      'https://hooks.demo.example/content-strategist',
    );
    await savePng(owner, 'settings-webhook-secret-shown-once');

    // Without clipboard permission the button says how to copy, with the secret selected.
    await owner.click('[data-copy-secret]');
    await owner.waitForFunction(() => document.querySelector('[data-copy-label]')?.textContent !== 'Copy');
    await dismissSecret(secret);
    expect(await statusText()).toContain('shown once');
    expect(
      await owner.$eval('[data-rotate-secret]', (button) => (button as HTMLButtonElement).disabled),
    ).toBe(false);

    // A reload knows only that there is a secret.
    await owner.reload({ waitUntil: 'domcontentloaded' });
    await owner.waitForSelector('form[data-general-form]:not([hidden])');
    expect(await statusText()).toContain('shown once');
    expect(await owner.evaluate(() => document.body.innerHTML)).not.toContain(secret);
    await savePng(owner, 'settings-webhook');
  });

  it('rotates after a confirmation and shows the new secret once', async () => {
    const before = await storedSecret();
    await owner.click('[data-rotate-secret]');
    await owner.waitForSelector('#rotate-secret-dialog[open]');
    expect(await owner.$eval('[data-rotate-summary]', (node) => node.textContent)).toContain('new secret');
    await savePng(owner, 'settings-webhook-rotate-confirm');
    await owner.click('#rotate-secret-dialog button[type="submit"]');
    const rotated = await shownSecret();
    expect(rotated).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated).not.toBe(before);
    expect(await storedSecret()).toBe(rotated);
    await dismissSecret(rotated);
  });
});
