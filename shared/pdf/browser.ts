/**
 * One headless Chromium per process (per Lambda container), shared by every render. `withPage`
 * gives a fresh page; `withPrintPage` one from a small pool of idle pages, for the PDF renderer.
 * `@sparticuz/chromium` ships the browser inside the npm package, so this runs on Lambda and on a
 * machine without a system Chromium. Keep `@sparticuz/chromium` external in esbuild bundles (its
 * binary is read from the package directory).
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
export function withPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  return withRelaunch((browser) => runOnPage(browser, fn));
}

/**
 * Like {@link withPage}, but the page comes from, and goes back to, a pool of idle pages: a page
 * that has laid out a document lays out the next one far faster than a new page does (measured
 * ~200 → ~90 ms for 8 pages: the new page's first layout is what costs). `fn` must start by
 * replacing the whole document (`setContent`) and must not change the page's settings (viewport,
 * media type), so nothing of one render reaches the next; a page whose `fn` failed is closed, and
 * an idle page is blanked, so no document stays in memory after its render.
 */
export function withPrintPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  return withRelaunch((browser) => runOnPooledPage(browser, fn));
}

/** Runs `run` on the process's browser; if the browser crashed or disconnected, relaunches and retries once. */
async function withRelaunch<T>(run: (browser: Browser) => Promise<T>): Promise<T> {
  try {
    return await run(await getBrowser());
  } catch (error) {
    const current = await running?.catch(() => undefined);
    if (current?.browser.connected) throw error;
    return run(await getBrowser());
  }
}

async function newLockedPage(browser: Browser): Promise<Page> {
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
    return page;
  } catch (error) {
    await page.close().catch(() => {});
    throw error;
  }
}

async function runOnPage<T>(browser: Browser, fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await newLockedPage(browser);
  try {
    return await fn(page);
  } finally {
    await page.close().catch(() => {});
  }
}

/** Idle pages of {@link withPrintPage} (each settles once blanked, or undefined if that failed). */
const idlePages: Promise<Page | undefined>[] = [];
const MAX_IDLE_PAGES = 2;

async function runOnPooledPage<T>(browser: Browser, fn: (page: Page) => Promise<T>): Promise<T> {
  let page: Page | undefined;
  while (!page && idlePages.length) {
    const candidate = await idlePages.pop();
    if (candidate?.browser() === browser && !candidate.isClosed()) page = candidate;
    else void candidate?.close().catch(() => {});
  }
  page ??= await newLockedPage(browser);
  let result: T;
  try {
    result = await fn(page);
  } catch (error) {
    await page.close().catch(() => {});
    throw error;
  }
  if (idlePages.length < MAX_IDLE_PAGES && browser.connected) {
    // Blanking runs off the caller's path; the next render that takes the page waits for it.
    const done = page;
    idlePages.push(
      done.setContent('<!doctype html>', { waitUntil: 'domcontentloaded' }).then(
        () => done,
        () => {
          void done.close().catch(() => {});
          return undefined;
        },
      ),
    );
  } else {
    await page.close().catch(() => {});
  }
  return result;
}

/** Closes the browser (tests, graceful shutdown). The next render launches a new one. */
export async function closeBrowser(): Promise<void> {
  const current = await running?.catch(() => undefined);
  running = undefined;
  idlePages.length = 0;
  if (!current) return;
  await current.browser.close().catch(() => {});
  await rm(current.userDataDir, { recursive: true, force: true });
}
