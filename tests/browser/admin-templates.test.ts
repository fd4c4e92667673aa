/**
 * Admin → Templates in the dashboard, end to end on the local cloud: the super admin creates a
 * template, marks it premium, assigns a non-premium template to Acme (Pro) and sees it listed,
 * and sees the plan's refusal (BIZ_002) when assigning the premium one. Screenshots go to
 * `.tmp/screenshots/admin-templates-*.png`.
 *
 * Needs the dashboard build (`npm run build:frontend`).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedBrowser, launchBrowser, savePng } from '../support/browser.ts';
import { expectToast, openSignedIn, signIn, startDashboardCloud } from '../support/dashboard.ts';
import type { TestCloud } from '../support/local-cloud.ts';

let cloud: TestCloud;
let chromium: LaunchedBrowser;
let page: Page;

const platform = (path: string) => `http://localhost:${cloud.port}${path}`;

beforeAll(async () => {
  cloud = await startDashboardCloud('admin/templates');
  chromium = await launchBrowser();
  page = await chromium.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
});

afterAll(async () => {
  await chromium?.close();
  await cloud?.destroy();
});

describe('admin templates in the dashboard (end to end)', () => {
  it('lets the super admin create a template and mark it premium', async () => {
    await signIn(page, platform('/sign-in'), 'admin@example.com');

    await openSignedIn(page, platform('/admin/templates'));
    await page.waitForSelector('tr[data-template="EXEC_01"]');
    expect(
      await page.$eval('tr[data-template="BOLD_05"] [data-flags]', (node) => node.textContent),
    ).toContain('Premium');
    await savePng(page, 'admin-templates-list');

    await page.click('[data-create-open]');
    await page.waitForSelector('#template-dialog[open]');
    // Markup is required: the API's field errors land under the fields.
    await page.type('#template-code', 'GALA_06');
    await page.type('#template-name', 'Gala Report');
    await page.click('#template-dialog button[type="submit"]');
    await page.waitForSelector('#template-html[aria-invalid="true"]');
    await savePng(page, 'admin-templates-create-errors');

    await page.type('#template-category', 'executive');
    await page.type('#template-tags', 'elegant, events');
    // Published templates must render the sample content (admin-template-check.ts).
    await page.type('#template-html', "{% include 'base/document' %}");
    await page.type('#template-css', 'h1 { color: #333; }');
    await page.click('#template-dialog button[type="submit"]');
    await expectToast(page, 'Gala Report was created.');
    await page.waitForSelector('tr[data-template="GALA_06"]');

    await page.click('tr[data-template="GALA_06"] [data-action="edit"]');
    await page.waitForSelector('#template-dialog[open]');
    expect(await page.$eval('#template-code', (input) => (input as HTMLInputElement).readOnly)).toBe(true);
    await page.click('#template-dialog input[name="is_premium"]');
    await savePng(page, 'admin-templates-edit');
    await page.click('#template-dialog button[type="submit"]');
    await expectToast(page, 'Gala Report saved.');
    await page.waitForFunction(() =>
      document.querySelector('tr[data-template="GALA_06"] [data-flags]')?.textContent?.includes('Premium'),
    );
    await savePng(page, 'admin-templates-created');
  });

  it('assigns a template to Acme and refuses a premium one', async () => {
    await openSignedIn(page, platform('/admin/agencies'));
    await page.waitForSelector('tr[data-agency="acme"]');
    await Promise.all([page.waitForNavigation(), page.click('tr[data-agency="acme"] a')]);
    await page.waitForSelector('[data-agency-view]:not([hidden])');
    await page.waitForSelector('[data-assigned-templates] li[data-assigned="EXEC_01"]');
    expect(await page.$eval('[data-templates-limit]', (node) => node.textContent)).toBe('2 of 5 assigned');

    const optionFor = (code: string) =>
      page.$eval(
        `[data-assign-choices] option[data-code="${code}"]`,
        (option) => (option as HTMLOptionElement).value,
      );
    await page.select('#assign-template', await optionFor('MODERN_03'));
    await page.click('form[data-assign-form] button[type="submit"]');
    await page.waitForSelector('[data-assigned-templates] li[data-assigned="MODERN_03"]');
    expect(await page.$eval('[data-templates-limit]', (node) => node.textContent)).toBe('3 of 5 assigned');

    await page.select('#assign-template', await optionFor('GALA_06'));
    await page.click('form[data-assign-form] button[type="submit"]');
    await page.waitForSelector('[data-templates-alert][data-code="BIZ_002"]:not([hidden])');
    const refusal = await page.$eval('[data-templates-alert]', (node) => node.textContent);
    expect(refusal).toContain('Premium templates are available on Enterprise plans only');
    expect(await page.$('[data-assigned-templates] li[data-assigned="GALA_06"]')).toBeNull();
    await savePng(page, 'admin-templates-agency');
  });
});
