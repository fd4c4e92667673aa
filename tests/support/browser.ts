/**
 * Headless Chromium for browser tests: the same `@sparticuz/chromium` build the PDF renderer uses
 * (it ships inside the npm package, so no browser download is needed on a fresh machine).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * What these machines need on top of @sparticuz/chromium's own flags: tests run as root (no
 * sandbox) without a GPU, and with no internet, where Chromium would otherwise keep trying to
 * reach Google's services (refused connections, DNS failures) and do first-run work.
 */
const MACHINE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface LaunchedBrowser {
  readonly browser: Browser;
  /** Path of the extracted Chromium binary. */
  readonly executablePath: string;
  /** Chromium's own version string, e.g. `HeadlessChrome/153.0.0.0`. */
  readonly version: string;
  /** Milliseconds from the call to a connected browser (includes the first-time extraction). */
  readonly launchMs: number;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<LaunchedBrowser> {
  const started = performance.now();
  // A fresh profile per launch: no state (cookies, cache, service workers) leaks between tests.
  const userDataDir = await mkdtemp(join(tmpdir(), 'cs-chromium-profile-'));
  let executablePath: string | undefined;
  let browser: Browser;
  try {
    // First call per machine unpacks the brotli-compressed build into the temp directory.
    executablePath = await chromium.executablePath();
    browser = await puppeteer.launch({
      executablePath,
      headless: 'shell',
      userDataDir,
      args: [...chromium.args, ...MACHINE_FLAGS],
      defaultViewport: { width: 1280, height: 800 },
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error(`@sparticuz/chromium did not start (binary: ${executablePath ?? 'not unpacked'})`, {
      cause: error,
    });
  }
  const version = await browser.version();
  return {
    browser,
    executablePath,
    version,
    launchMs: Math.round(performance.now() - started),
    async close() {
      await browser.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface PageOptions {
  /** Viewport width in CSS pixels (default 1280). */
  width?: number;
  /** Viewport height in CSS pixels (default 800). */
  height?: number;
  /** A selector that must match before the page counts as ready (e.g. content loaded by fetch). */
  waitFor?: string;
}

/** A new page at `url`, once the network is idle and `waitFor` (if any) matches. */
export async function openPage(browser: Browser, url: string, options: PageOptions = {}): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: options.width ?? 1280, height: options.height ?? 800 });
  await page.goto(url, { waitUntil: 'networkidle0' });
  if (options.waitFor) await page.waitForSelector(options.waitFor);
  return page;
}

/** Where screenshots go: `.tmp/screenshots/<name>.png` at the repository root (git-ignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../.tmp/screenshots/', import.meta.url));

/** Saves the whole page as `<SCREENSHOT_DIR>/<name>.png` and returns the file's path. */
export async function savePng(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`) as `${string}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Opens `url`, saves it as `<SCREENSHOT_DIR>/<name>.png`, closes the page; returns the file's path. */
export async function screenshotUrl(
  browser: Browser,
  url: string,
  name: string,
  options: PageOptions = {},
): Promise<string> {
  const page = await openPage(browser, url, options);
  try {
    return await savePng(page, name);
  } finally {
    await page.close();
  }
}
