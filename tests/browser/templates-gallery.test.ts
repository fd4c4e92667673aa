/**
 * Templates → gallery in the dashboard, end to end on the local cloud: a member of the demo agency
 * sees every template's cover thumbnail load (rendered by the API in the agency's brand and fetched
 * with the bearer token), and "Preview" opens the sample PDF in the viewer dialog. Screenshots go
 * to `.tmp/screenshots/templates-gallery*.png`.
 *
 * Needs the dashboard build (`npm run build:frontend`).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { type LaunchedBrowser, launchBrowser, savePng } from '../support/browser.ts';
import { signIn, startDashboardCloud } from '../support/dashboard.ts';
import type { TestCloud } from '../support/local-cloud.ts';

const CODES = ['EXEC_01', 'MINIMAL_02', 'MODERN_03', 'CORPORATE_04', 'BOLD_05'];
let cloud: TestCloud;
let chromium: LaunchedBrowser;
let page: Page;

const demo = (path: string) => `http://demo.localhost:${cloud.port}${path}`;

beforeAll(async () => {
  cloud = await startDashboardCloud('templates');
  chromium = await launchBrowser();
  page = await chromium.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
});

afterAll(async () => {
  await chromium?.close();
  // The API's renderer ran in this process too (the local cloud invokes handlers in-process).
  await closeBrowser();
  await cloud?.destroy();
});

describe('templates gallery (end to end)', () => {
  it('shows each template’s cover thumbnail in the agency brand and previews the sample PDF', async () => {
    await signIn(page, demo('/templates'), 'member@demo.example.com');
    if (!page.url().endsWith('/templates')) {
      await page.goto(demo('/templates'), { waitUntil: 'domcontentloaded' });
    }
    await page.waitForSelector('[data-template-code="EXEC_01"]');

    // Thumbnails load as their cards come into view: scroll the last card in, then wait for all.
    await page.$eval('[data-template-code="BOLD_05"]', (card) => card.scrollIntoView());
    await page.waitForFunction(
      (count) => document.querySelectorAll('.template-preview[data-state="ready"]').length === count,
      { timeout: 60_000 },
      CODES.length,
    );
    const thumbnails = await page.$$eval('img[data-thumbnail]', (images) =>
      images.map((image) => ({
        code: image.getAttribute('data-thumbnail'),
        src: (image as HTMLImageElement).src.slice(0, 5),
        width: (image as HTMLImageElement).naturalWidth,
        height: (image as HTMLImageElement).naturalHeight,
      })),
    );
    expect(thumbnails.map((thumbnail) => thumbnail.code)).toEqual(CODES);
    for (const thumbnail of thumbnails) {
      expect(thumbnail.src).toBe('blob:');
      expect(thumbnail.height).toBeGreaterThan(thumbnail.width);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await savePng(page, 'templates-gallery');

    await page.click('[data-template-code="EXEC_01"] [data-preview]');
    await page.waitForSelector('#template-preview-dialog[open] [data-preview-frame]:not([hidden])', {
      timeout: 60_000,
    });
    const pdf = await page.$eval('#template-preview-dialog [data-preview-open]', async (link) => {
      const response = await fetch((link as HTMLAnchorElement).href);
      const head = new Uint8Array(await response.arrayBuffer()).slice(0, 5);
      return {
        href: (link as HTMLAnchorElement).href.slice(0, 5),
        type: response.headers.get('content-type'),
        head: new TextDecoder().decode(head),
        download: document.querySelector<HTMLAnchorElement>('[data-preview-download]')?.download,
      };
    });
    expect(pdf).toEqual({
      href: 'blob:',
      type: 'application/pdf',
      head: '%PDF-',
      download: 'EXEC_01-sample.pdf',
    });
    expect(
      await page.$eval('#template-preview-dialog [data-dialog-title]', (title) => title.textContent),
    ).toBe('Executive Professional: sample document');
    await savePng(page, 'templates-gallery-preview');
  });
});
