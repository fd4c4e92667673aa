/**
 * One headless Chromium per process (per Lambda container), shared by every render; each render
 * gets a fresh page. `@sparticuz/chromium` ships the browser inside the npm package, so this runs
 * on Lambda and on a machine without a system Chromium. Keep `@sparticuz/chromium` external in
 * esbuild bundles (its binary is read from the package directory).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** On top of @sparticuz/chromium's flags: no sandbox/GPU, and no calls home (we are offline). */
export const OFFLINE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--mute-audio',
] as const;

interface Running {
  readonly browser: Browser;
  readonly userDataDir: string;
}

let running: Promise<Running> | undefined;

async function launch(): Promise<Running> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'cs-pdf-chromium-'));
  try {
    const browser = await puppeteer.launch({
      executablePath: await chromium.executablePath(),
      headless: 'shell',
      userDataDir,
      args: [...chromium.args, ...OFFLINE_FLAGS],
      defaultViewport: { width: 816, height: 1056 },
    });
    return { browser, userDataDir };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new Error('Chromium did not start', { cause: error });
  }
}

/** The process's browser, launched on first use and again if it has died. */
export async function getBrowser(): Promise<Browser> {
  if (running) {
    const current = await running.catch(() => undefined);
    if (current?.browser.connected) return current.browser;
    if (current) {
      // A disconnected browser may still be running (hung, or its pipe broke): never leave it behind.
      current.browser.process()?.kill('SIGKILL');
      void rm(current.userDataDir, { recursive: true, force: true }).catch(() => {});
    }
  }
  const next = launch();
  running = next;
  next.catch(() => {
    if (running === next) running = undefined;
  });
  return (await next).browser;
}

/**
 * Runs `fn` with a fresh page (JavaScript off, every request but `data:` blocked) and closes it.
 * If the browser crashed or disconnected, it is relaunched and `fn` retried once.
 */
export async function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  try {
    return await runOnPage(await getBrowser(), fn);
  } catch (error) {
    const current = await running?.catch(() => undefined);
    if (current?.browser.connected) throw error;
    return runOnPage(await getBrowser(), fn);
  }
}

async function runOnPage<T>(browser: Browser, fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.newPage();
  try {
    // Templates are escaped; this is defence in depth: nothing runs, nothing is fetched.
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      if (url.startsWith('data:') || url === 'about:blank') void request.continue();
      else void request.abort('blockedbyclient');
    });
    return await fn(page);
  } finally {
    await page.close().catch(() => {});
  }
}

/** Closes the browser (tests, graceful shutdown). The next render launches a new one. */
export async function closeBrowser(): Promise<void> {
  const current = await running?.catch(() => undefined);
  running = undefined;
  if (!current) return;
  await current.browser.close().catch(() => {});
  await rm(current.userDataDir, { recursive: true, force: true });
}
