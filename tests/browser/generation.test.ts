/**
 * Generation in the dashboard, end to end on the local cloud in headless Chromium: the demo owner
 * opens the generate form (client defaults, templates, credits), gets the API's field errors next
 * to the fields, starts a generation, follows it live to the end (through a dropped connection and
 * a reload), finds the document in the lists, opens it with its PDF preview, sources and usage,
 * edits its title (the PDF is rendered again) and deletes it. The local cloud has no Anthropic key,
 * so the pipeline runs its offline model. Screens go to `.tmp/screenshots/generation-*.png`
 * (desktop and a narrow phone width).
 *
 * Needs the dashboard build (`npm run build:frontend`).
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service } from '../../shared/data/service.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { type LaunchedBrowser, launchBrowser, savePng } from '../support/browser.ts';
import { fill, signIn, startDashboardCloud } from '../support/dashboard.ts';
import type { TestCloud } from '../support/local-cloud.ts';
import { agencyBySlug } from '../support/seed-data.ts';

const TOPIC = 'Preventive care programs that keep regional clinic networks ahead';
/** The offline pipeline runs every real step (state machine, S3, PDF): give it room. */
const GENERATION_TIMEOUT_MS = 180_000;
/** Each other step: pages, PDF fetches and renders, screenshots at two widths. */
const STEP_TIMEOUT_MS = 90_000;
const NARROW = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let cloud: TestCloud;
let chromium: LaunchedBrowser;
let owner: Page;
let documentId = '';

const demo = (path: string) => `http://demo.localhost:${cloud.port}${path}`;

async function open(page: Page, path: string, ready: string): Promise<void> {
  await page.goto(demo(path), { waitUntil: 'domcontentloaded' });
  await page.waitForSelector(ready);
}

/** Screenshots at desktop and phone width; the page is left at desktop width. */
async function screens(page: Page, name: string): Promise<void> {
  await savePng(page, `generation-${name}`);
  await page.setViewport(NARROW);
  await savePng(page, `generation-${name}-narrow`);
  await page.setViewport(DESKTOP);
}

const textOf = (page: Page, selector: string) =>
  page.$eval(selector, (node) => node.textContent?.replace(/\s+/g, ' ').trim() ?? '');

beforeAll(async () => {
  cloud = await startDashboardCloud('generate/progress');
  chromium = await launchBrowser();
  owner = await chromium.browser.newPage();
  await owner.setViewport(DESKTOP);
});

afterAll(async () => {
  await chromium?.close();
  await cloud?.destroy();
  // The pipeline's renderer in this process, apart from the dashboard's browser.
  await closeBrowser();
});

describe('generating a document in the dashboard (end to end)', () => {
  it(
    'offers the form with the client’s defaults, the templates with thumbnails and the credits left',
    async () => {
      await signIn(owner, demo('/generate'), 'owner@demo.example.com');
      await owner.waitForSelector('[data-generate]:not([hidden])');
      const clients = await owner.$$eval('#generate-client option', (options) =>
        options.map((option) => option.textContent),
      );
      expect(clients).toEqual(expect.arrayContaining(['Northwind Health', 'Brightline Logistics']));
      // Enterprise: every active template, the catalogue default chosen.
      const codes = await owner.$$eval('[data-template-code]', (nodes) =>
        nodes.map((node) => node.getAttribute('data-template-code')),
      );
      expect(codes).toEqual(expect.arrayContaining(['EXEC_01', 'MINIMAL_02', 'BOLD_05']));
      expect(await owner.$eval('input[name="template_code"]:checked', (input) => input.value)).toBe(
        'EXEC_01',
      );
      // Thumbnails: the API's rendered covers, fetched with the access token.
      await owner.waitForFunction(
        () => document.querySelectorAll('.template-thumb img[src^="blob:"]').length >= 5,
        {
          timeout: 60_000,
        },
      );
      expect(await textOf(owner, '[data-credits-value]')).toMatch(/left$/);
      expect(await owner.$('[data-key-alert]:not([hidden])')).toBeNull();
      await screens(owner, 'form');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows the API’s field errors next to the fields',
    async () => {
      await owner.type('#generate-topic', 'AI');
      await owner.click('[data-generate-submit]');
      await owner.waitForSelector('#generate-topic-error');
      expect(await textOf(owner, '#generate-topic-error')).toContain('at least 3');
      expect(await owner.$eval('#generate-topic', (input) => input.getAttribute('aria-invalid'))).toBe(
        'true',
      );
      expect(new URL(owner.url()).pathname).toBe('/generate');
      await screens(owner, 'form-errors');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'starts a generation and follows it live, through a dropped connection and a reload, to the end',
    async () => {
      await fill(owner, '#generate-topic', TOPIC);
      await owner.type('#generate-direction', 'Focus on practical steps for clinic managers.');
      const keys: string[] = [];
      owner.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/documents/generate')) {
          keys.push(request.headers()['idempotency-key'] ?? '');
        }
      });
      // Keeps the page's WebSockets within reach, to cut the connection as a network would.
      await owner.evaluateOnNewDocument(() => {
        const Native = window.WebSocket;
        const sockets: WebSocket[] = [];
        Object.assign(window, { testSockets: sockets });
        window.WebSocket = class extends Native {
          constructor(url: string | URL, protocols?: string | string[]) {
            super(url, protocols);
            sockets.push(this);
          }
        };
      });
      await Promise.all([owner.waitForNavigation(), owner.click('[data-generate-submit]')]);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      const progressUrl = new URL(owner.url());
      expect(progressUrl.pathname).toBe('/generate/progress');
      documentId = progressUrl.searchParams.get('document') ?? '';
      expect(documentId).not.toBe('');
      await owner.waitForSelector('[data-progress-view]:not([hidden])');
      expect(await textOf(owner, '[data-progress-title]')).toBe(TOPIC);
      expect(await owner.$$eval('[data-step]', (rows) => rows.length)).toBe(12);

      // The connection drops while the run goes on (it takes seconds; the socket is live at once):
      // the page polls the status, opens a new socket and still sees the run through.
      await owner.waitForSelector('[data-connection][data-state="live"]');
      await owner.evaluate(() => {
        for (const socket of (window as unknown as { testSockets: WebSocket[] }).testSockets) socket.close();
      });
      await owner.waitForSelector('[data-connection][data-state="polling"]');
      await screens(owner, 'progress');

      await owner.waitForSelector('[data-progress-result]:not([hidden])', { timeout: GENERATION_TIMEOUT_MS });
      const states = await owner.$$eval('[data-step]', (rows) =>
        rows.map((row) => row.getAttribute('data-state')),
      );
      expect(states).toEqual(Array(12).fill('done'));
      expect(await textOf(owner, '[data-progress-percent]')).toBe('100%');
      expect(await owner.$$eval('[data-activity] li', (items) => items.length)).toBeGreaterThan(1);
      await screens(owner, 'progress-complete');

      // A reload starts from the status endpoint and shows the same outcome.
      await owner.reload({ waitUntil: 'domcontentloaded' });
      await owner.waitForSelector('[data-progress-result]:not([hidden])');
      expect(await owner.$eval('[data-result-open]', (link) => link.getAttribute('href'))).toBe(
        `/documents/view?id=${documentId}`,
      );
    },
    GENERATION_TIMEOUT_MS + 60_000,
  );

  it(
    'opens the document with its PDF preview, sources, statistics and usage',
    async () => {
      await Promise.all([owner.waitForNavigation(), owner.click('[data-result-open]')]);
      await owner.waitForSelector('[data-pdf-frame]:not([hidden])', { timeout: 30_000 });
      const pdf = await owner.$eval('[data-pdf-frame]', async (frame) => {
        const source = (frame as HTMLIFrameElement).src;
        const blob = await (await fetch(source)).blob();
        return { source, type: blob.type, size: blob.size, head: await blob.slice(0, 5).text() };
      });
      expect(pdf.source).toMatch(/^blob:/);
      expect(pdf).toMatchObject({ type: 'application/pdf', head: '%PDF-' });
      expect(await textOf(owner, '[data-document-status]')).toBe('Ready');
      expect(await owner.$('[data-document-download]:not([hidden])')).not.toBeNull();
      expect(await owner.$$eval('[data-sources] li a', (links) => links.length)).toBeGreaterThan(0);
      expect(await textOf(owner, '[data-usage-facts]')).toContain('Cost');
      await screens(owner, 'document');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'finds the document in the agency’s list and on the client’s tab, with filters',
    async () => {
      await open(owner, '/documents', `tr[data-document="${documentId}"]`);
      expect(await textOf(owner, `tr[data-document="${documentId}"] [data-status]`)).toBe('Ready');
      // The filters go to the API and into the address; a list that is loading is `aria-busy`.
      const settled = (search: string) =>
        owner.waitForFunction(
          (value) =>
            new URL(window.location.href).searchParams.get('search') === value &&
            !document.querySelector('tbody[data-rows][aria-busy]'),
          {},
          search,
        );
      await owner.type('#documents-search', 'no such topic');
      await settled('no such topic');
      expect(await textOf(owner, 'tbody[data-rows]')).toBe('No document matches these filters.');
      await fill(owner, '#documents-search', 'preventive care');
      await settled('preventive care');
      expect(
        await owner.$$eval('tbody[data-rows] tr[data-document]', (rows) =>
          rows.map((row) => row.getAttribute('data-document')),
        ),
      ).toEqual([documentId]);
      await owner.select('#documents-status', 'failed');
      await owner.waitForFunction(
        () => new URL(window.location.href).searchParams.get('status') === 'failed',
      );
      await owner.waitForSelector('tbody[data-rows]:not([aria-busy]) tr.table-message');
      await screens(owner, 'list-filtered');
      await open(owner, '/documents', `tr[data-document="${documentId}"]`);
      await screens(owner, 'list');

      const clientLink = await owner.$eval(`tr[data-document="${documentId}"] td:nth-child(2) a`, (link) =>
        link.getAttribute('href'),
      );
      await open(
        owner,
        `${clientLink}#documents`,
        `[data-panel="documents"]:not([hidden]) tr[data-document="${documentId}"]`,
      );
      expect(new URL(owner.url()).hash).toBe('#documents');
      await screens(owner, 'client-documents');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'edits the title and shows the PDF rendered again',
    async () => {
      await open(owner, `/documents/view?id=${documentId}`, '[data-pdf-frame]:not([hidden])');
      const before = await owner.$eval('[data-pdf-frame]', (frame) => (frame as HTMLIFrameElement).src);
      await owner.click('[data-document-edit]');
      await owner.waitForSelector('#edit-dialog[open]');
      expect(
        await owner.$$eval('#edit-dialog fieldset.edit-section', (sections) => sections.length),
      ).toBeGreaterThan(0);
      await savePng(owner, 'generation-edit-dialog');
      await fill(owner, '#edit-title', 'Preventive Care, Planned: A Guide for Clinic Networks');
      await owner.click('#edit-dialog button[type="submit"]');
      await owner.waitForFunction(
        (old) => {
          const frame = document.querySelector<HTMLIFrameElement>('[data-pdf-frame]');
          return frame && !frame.hidden && frame.src !== old;
        },
        { timeout: 60_000 },
        before,
      );
      expect(await textOf(owner, '[data-document-title]')).toBe(
        'Preventive Care, Planned: A Guide for Clinic Networks',
      );
      expect(await owner.$('#edit-dialog[open]')).toBeNull();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'lets a member open and edit but not delete, and the admin delete',
    async () => {
      // Another browser: its own cookies, so its own session.
      const memberBrowser = await launchBrowser();
      try {
        const member = await memberBrowser.browser.newPage();
        await member.setViewport(DESKTOP);
        await signIn(member, demo(`/documents/view?id=${documentId}`), 'member@demo.example.com');
        await member.waitForSelector('[data-pdf-frame]:not([hidden])', { timeout: 30_000 });
        // Members edit a document until it is distributed; only admins delete.
        expect(await member.$('[data-document-edit]:not([hidden])')).not.toBeNull();
        expect(await member.$('[data-document-delete]:not([hidden])')).toBeNull();
      } finally {
        await memberBrowser.close();
      }

      await owner.click('[data-document-delete]');
      await owner.waitForSelector('#delete-dialog[open]');
      await Promise.all([owner.waitForNavigation(), owner.click('#delete-dialog button[type="submit"]')]);
      await owner.waitForSelector('tbody[data-rows]:not([aria-busy]) tr');
      expect(await owner.$(`tr[data-document="${documentId}"]`)).toBeNull();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'says where and why a failed generation stopped, on the document and on its progress page',
    async () => {
      const agency = await agencyBySlug('demo');
      const { data: clients } = await service().entities.client.query.byId({ agency_id: agency.id }).go();
      const clientId = clients[0]?.id as string;
      const failedId = randomUUID();
      await service()
        .entities.document.create({
          id: failedId,
          agency_id: agency.id,
          client_id: clientId,
          title: 'A run that failed',
          topic: 'A run that failed',
          status: 'failed',
          generation_error_code: 'GEN_002',
          generation_error_message: 'Research took longer than allowed',
          generation_error_step: 'web_research',
        })
        .go();
      await service().entities.generationJob.create({ agency_id: agency.id, document_id: failedId }).go();
      const expectFailure = async (box: string) => {
        expect(await textOf(owner, `${box} [data-failure-title]`)).toBe(
          'Generation failed at “Conducting Research”.',
        );
        expect(await textOf(owner, `${box} [data-failure-message]`)).toBe(
          'Research took longer than allowed',
        );
        expect(await textOf(owner, `${box} [data-failure-guidance]`)).toBe(
          'Research took too long. Try a narrower, more specific topic.',
        );
        expect(await textOf(owner, `${box} [data-failure-code]`)).toBe('GEN_002');
        expect(await owner.$eval(`${box} [data-failure-retry]`, (link) => link.getAttribute('href'))).toBe(
          `/generate?client=${clientId}&from=${failedId}`,
        );
      };
      await open(owner, `/documents/view?id=${failedId}`, '[data-document-failed]:not([hidden])');
      await expectFailure('[data-document-failed]');
      await open(owner, `/generate/progress?document=${failedId}`, '[data-progress-error]:not([hidden])');
      await expectFailure('[data-progress-error]');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'gives a client user the form for their own client only, with the agency’s default design',
    async () => {
      const clientBrowser = await launchBrowser();
      try {
        const page = await clientBrowser.browser.newPage();
        await page.setViewport(DESKTOP);
        await signIn(page, demo('/generate'), 'client@demo.example.com');
        await page.waitForSelector('[data-generate]:not([hidden])');
        expect(await textOf(page, '[data-client-fixed-name]')).toBe('Northwind Health');
        expect(await page.$('[data-client-picker]:not([hidden])')).toBeNull();
        expect(await page.$('[data-template-default]:not([hidden])')).not.toBeNull();
        expect(await page.$('[data-credits]:not([hidden])')).toBeNull();
        await savePng(page, 'generation-form-client-user');
      } finally {
        await clientBrowser.close();
      }
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'tells a Pro agency without its own Anthropic key where to add it',
    async () => {
      const proBrowser = await launchBrowser();
      try {
        const page = await proBrowser.browser.newPage();
        await page.setViewport(DESKTOP);
        await signIn(page, `http://acme.localhost:${cloud.port}/generate`, 'owner@acme.example.com');
        await page.waitForSelector('[data-key-alert]:not([hidden]) [data-key-link]', { timeout: 60_000 });
        expect(await page.$eval('[data-key-link]', (link) => link.getAttribute('href'))).toBe(
          '/settings/provider-keys',
        );
        // Pro plans see only their assigned templates.
        const codes = await page.$$eval('[data-template-code]', (nodes) =>
          nodes.map((node) => node.getAttribute('data-template-code')),
        );
        expect(codes.sort()).toEqual(['EXEC_01', 'MINIMAL_02']);
        // Their thumbnails render in this agency's brand (and must not be cut off mid-render).
        await page.waitForFunction(
          () => document.querySelectorAll('.template-thumb img[src^="blob:"]').length === 2,
          { timeout: 60_000 },
        );
        await savePng(page, 'generation-form-pro-without-key');
      } finally {
        await proBrowser.close();
      }
    },
    STEP_TIMEOUT_MS,
  );
});
