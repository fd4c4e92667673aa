/**
 * Clients and brand kits in the dashboard, end to end on the local cloud in headless Chromium: the
 * demo owner creates a client (a refused form first), finds it, edits it, gives it colours that
 * fail WCAG AA and sees the verdict, uploads a logo and sees it; a member sees no create or edit
 * controls. Screens go to `.tmp/screenshots/clients-*.png`.
 *
 * Needs the dashboard build (`npm run build:frontend`).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedBrowser, launchBrowser, savePng } from '../support/browser.ts';
import { fill, signIn, startDashboardCloud } from '../support/dashboard.ts';
import type { TestCloud } from '../support/local-cloud.ts';

const COMPANY = 'Harbor Lights Dental';
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let cloud: TestCloud;
const browsers: LaunchedBrowser[] = [];
let owner: Page;
let clientUrl = '';

const demo = (path: string) => `http://demo.localhost:${cloud.port}${path}`;

async function newTab(): Promise<Page> {
  const browser = await launchBrowser();
  browsers.push(browser);
  const page = await browser.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  return page;
}

const isVisible = (page: Page, selector: string) =>
  page.$eval(selector, (node) => (node as HTMLElement).closest('[hidden]') === null).catch(() => false);

beforeAll(async () => {
  cloud = await startDashboardCloud('clients/view');
  owner = await newTab();
});

afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()));
  await cloud?.destroy();
});

describe('clients in the dashboard (end to end)', () => {
  it('lists the seeded clients and refuses an invalid new client field by field', async () => {
    await signIn(owner, demo('/clients'), 'owner@demo.example.com');
    await owner.waitForSelector('tbody[data-rows] tr[data-client]');
    expect(await isVisible(owner, '[data-client-new]')).toBe(true);
    await owner.click('[data-client-new]');
    await owner.waitForSelector('#client-dialog[open]');
    await owner.type('#client-email', 'not-an-email');
    await owner.type('#client-website', 'nowhere');
    await owner.click('[data-client-submit]');
    await owner.waitForSelector('#client-dialog [data-field-error]');
    const errors = await owner.$$eval('#client-dialog [data-field-error]', (nodes) =>
      nodes.map((node) => node.id),
    );
    expect(errors).toEqual(
      expect.arrayContaining(['client-company-error', 'client-email-error', 'client-website-error']),
    );
    await savePng(owner, 'clients-create-errors');
  });

  it('creates the client and opens its page', async () => {
    await owner.type('#client-company', COMPANY);
    await fill(owner, '#client-email', 'dr.lee@harborlights.example');
    await fill(owner, '#client-website', 'https://harborlights.example');
    await owner.type('#client-industry', 'Dental care');
    await owner.type('#client-contact', 'Dana Lee');
    await Promise.all([owner.waitForNavigation(), owner.click('[data-client-submit]')]);
    await owner.waitForSelector('[data-client-view]:not([hidden])');
    expect(await owner.$eval('[data-client-name]', (node) => node.textContent)).toBe(COMPANY);
    clientUrl = owner.url();
    expect(new URL(clientUrl).pathname).toBe('/clients/view');
    await savePng(owner, 'clients-detail');
  });

  it('finds the client by search', async () => {
    await owner.goto(demo('/clients'), { waitUntil: 'domcontentloaded' });
    await owner.waitForSelector('tbody[data-rows] tr[data-client]');
    await owner.type('#clients-search', 'harbor');
    await owner.waitForFunction(
      () => {
        const rows = [...document.querySelectorAll('tbody[data-rows] tr[data-client]')];
        return rows.length === 1 && rows[0]?.getAttribute('data-client') === 'Harbor Lights Dental';
      },
      { timeout: 10_000 },
    );
    expect(new URL(owner.url()).searchParams.get('search')).toBe('harbor');
    await savePng(owner, 'clients-search');
  });

  it('edits the client', async () => {
    await owner.click('tr[data-client] a[aria-label^="Open"]');
    await owner.waitForSelector('[data-client-edit]:not([hidden])');
    await owner.click('[data-client-edit]');
    await owner.waitForSelector('#client-dialog[open]');
    expect(await owner.$eval('#client-company', (input) => (input as HTMLInputElement).value)).toBe(COMPANY);
    await fill(owner, '#client-industry', 'Family dentistry');
    await owner.click('[data-client-submit]');
    await owner.waitForFunction(() =>
      document.querySelector('[data-client-sub]')?.textContent?.includes('Family dentistry'),
    );
    expect(await owner.$('#client-dialog[open]')).toBeNull();
  });

  it('changes the brand colours and shows the contrast verdict', async () => {
    await owner.click('[data-tab="settings"]');
    await owner.waitForSelector('[data-panel="settings"]:not([hidden]) [data-contrast]:not([hidden])');
    await fill(owner, '[data-colour-hex="color_accent_1"]', '#FFEE00');
    await fill(owner, '[data-colour-hex="color_accent_3"]', '#FFF176');
    // The preview follows the typing before anything is saved.
    await owner.waitForSelector('[data-contrast][data-source="preview"][data-passes="false"]');
    expect(
      await owner.$eval('[data-swatch="color_accent_1"]', (node) => (node as HTMLElement).style.background),
    ).toBe('rgb(255, 238, 0)');
    await owner.click('[data-brand-save]');
    await owner.waitForSelector('[data-contrast][data-source="api"][data-passes="false"]');
    expect(await owner.$eval('[data-contrast-title]', (node) => node.textContent)).toContain(
      'Contrast warning',
    );
    await savePng(owner, 'clients-brand-contrast');

    await fill(owner, '[data-colour-hex="color_accent_1"]', '#1D3557');
    await fill(owner, '[data-colour-hex="color_accent_3"]', '#1D4ED8');
    await owner.click('[data-brand-save]');
    await owner.waitForSelector('[data-contrast][data-source="api"][data-passes="true"]');
  });

  it('uploads a PNG logo and shows it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cs-logo-'));
    const file = join(dir, 'logo.png');
    await writeFile(file, PNG);
    const input = await owner.$('[data-logo-slot="horizontal"] input[type="file"]');
    if (!input) throw new Error('no logo input');
    await (input as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(file);
    await owner.waitForSelector('[data-logo-slot="horizontal"] img[data-logo-image]');
    expect(
      await owner.$eval('[data-logo-slot="horizontal"] [data-logo-meta]', (node) => node.textContent),
    ).toContain('1 × 1 px');
    // A text file named .png is refused by its bytes.
    const fake = join(dir, 'fake.png');
    await writeFile(fake, 'MZ this is not an image');
    const round = await owner.$('[data-logo-slot="round"] input[type="file"]');
    await (round as unknown as { uploadFile(path: string): Promise<void> }).uploadFile(fake);
    await owner.waitForSelector('[data-logo-slot="round"] [data-logo-error]:not([hidden])');
    expect(
      await owner.$eval(
        '[data-logo-slot="round"] [data-logo-error]',
        (node) => (node as HTMLElement).dataset.code,
      ),
    ).toBe('FILE_002');
    await savePng(owner, 'clients-logo');
  });

  it('shows a member no create or edit controls', async () => {
    const member = await newTab();
    await signIn(member, demo('/clients'), 'member@demo.example.com');
    await member.waitForSelector('tbody[data-rows] tr[data-client]');
    expect(await isVisible(member, '[data-client-new]')).toBe(false);
    await member.goto(clientUrl, { waitUntil: 'domcontentloaded' });
    await member.waitForSelector('[data-client-view]:not([hidden])');
    expect(await isVisible(member, '[data-client-edit]')).toBe(false);
    await member.goto(`${clientUrl}#settings`, { waitUntil: 'domcontentloaded' });
    await member.waitForSelector('[data-client-view]:not([hidden])');
    expect(await isVisible(member, '[data-brand-save]')).toBe(false);
    expect(await isVisible(member, '[data-client-deactivate]')).toBe(false);
    expect(
      await member.$eval(
        '[data-logo-slot="horizontal"] input[type="file"]',
        (input) => (input as HTMLInputElement).disabled,
      ),
    ).toBe(true);
    await savePng(member, 'clients-member');
  });
});
