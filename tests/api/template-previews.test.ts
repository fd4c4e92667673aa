/**
 * Template previews through the local gateway (issue 5 item 10): the sample document in the
 * calling agency's brand as PDF and a cover thumbnail as PNG, only for templates the agency may
 * use, cached in S3 under the agency's prefix by template version + brand hash (a second request
 * reads the cached object, a brand change renders a new one), with ETag / If-None-Match.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Accents } from '../../shared/branding/colors.ts';
import { env } from '../../shared/config/env.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { documentColors } from '../../shared/pdf/render-document.ts';
import { s3Client } from '../../shared/storage/s3-client.ts';
import { allTemplates } from '../../shared/templates/plan-access.ts';
import { THUMBNAIL_WIDTH } from '../../shared/templates/preview-render.ts';
import { type Answer, authApi } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { pdfImageSizes } from '../support/pdf-images.ts';
import { png } from '../support/png.ts';
import { agencyBySlug, agencyIdsBySlug, tokenForRole } from '../support/seed-data.ts';

let cloud: TestCloud;
let superToken: string;
let ids: Record<string, string>;
const tokens: Record<string, string> = {};
const work = mkdtempSync(join(tmpdir(), 'cs-previews-'));

async function preview(
  agency: string,
  code: string,
  format: 'pdf' | 'png',
  headers: Record<string, string> = {},
) {
  const response = await cloud.request(`/api/v1/templates/${code}/preview.${format}`, {
    agency,
    headers: { authorization: `Bearer ${tokens[agency]}`, ...headers },
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes };
}

const json = (bytes: Buffer) => JSON.parse(bytes.toString('utf8'));

/** Cached preview objects of an agency for one template, with their LastModified. */
async function cached(agency: string, code: string) {
  const listed = await s3Client().send(
    new ListObjectsV2Command({
      Bucket: env().FILES_BUCKET,
      Prefix: `agencies/${ids[agency]}/template-previews/${code}/`,
    }),
  );
  return (listed.Contents ?? []).map((object) => ({
    key: object.Key as string,
    modified: object.LastModified?.toISOString(),
  }));
}

function pdfText(bytes: Buffer): string {
  const file = join(work, `doc-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** The colour of the thumbnail's pixel at (x, y), as #rrggbb. */
async function pixel(bytes: Buffer, x: number, y: number): Promise<string> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * 3;
  return `#${[data[at], data[at + 1], data[at + 2]].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

/** Largest per-channel difference of two #rrggbb colours. */
function distance(a: string, b: string): number {
  const channels = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const [x, y] = [channels(a), channels(b)];
  return Math.max(...x.map((value, i) => Math.abs(value - (y[i] ?? 0))));
}

const NEW_ACCENTS = { color_accent_1: '#0b6e4f', color_accent_2: '#14532d', color_accent_3: '#f59e0b' };
let DEMO_ACCENTS: Accents;

beforeAll(async () => {
  cloud = await startTestCloud();
  ids = await agencyIdsBySlug();
  tokens.demo = await tokenForRole(ids.demo as string, 'agency_admin');
  tokens.acme = await tokenForRole(ids.acme as string, 'agency_admin');
  superToken = (await authApi(cloud).session(undefined, 'admin@example.com')).access;
  const demo = await agencyBySlug('demo');
  DEMO_ACCENTS = {
    color_accent_1: demo.color_accent_1,
    color_accent_2: demo.color_accent_2,
    color_accent_3: demo.color_accent_3,
  };
});
afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  // The handlers ran in this process, and so did their browser.
  await closeBrowser();
  await cloud?.destroy();
});

describe('template previews (connected)', () => {
  it('renders the sample document in the agency brand once, then serves the cached objects', async () => {
    const first = await preview('demo', 'EXEC_01', 'pdf');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    expect(first.headers.get('content-disposition')).toBe('inline; filename="EXEC_01-sample.pdf"');
    expect(first.headers.get('x-preview-cache')).toBe('miss');
    expect(first.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(first.bytes);
    expect(text).toMatch(/sample content/i);
    // Every page is marked, not only the cover.
    const pages = text.split('\f').filter((page) => page.trim());
    expect(pages.slice(1).every((page) => page.includes('Sample document'))).toBe(true);

    // The miss rendered the thumbnail too: one PDF and one PNG under the agency's prefix.
    const stored = await cached('demo', 'EXEC_01');
    expect(stored.map((object) => object.key.split('.').pop()).sort()).toEqual(['pdf', 'png']);
    expect(stored.every((object) => /\/v1-[0-9a-f]{12}-[0-9a-f]{20}\.(pdf|png)$/.test(object.key))).toBe(
      true,
    );

    const thumb = await preview('demo', 'EXEC_01', 'png');
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/png');
    expect(thumb.headers.get('x-preview-cache')).toBe('hit');
    const meta = await sharp(thumb.bytes).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(THUMBNAIL_WIDTH);
    expect(Math.round(((meta.height ?? 0) / (meta.width ?? 1)) * 100)).toBe(129); // letter, 11 / 8.5

    const second = await preview('demo', 'EXEC_01', 'pdf');
    expect(second.headers.get('x-preview-cache')).toBe('hit');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(await cached('demo', 'EXEC_01')).toEqual(stored);

    const revalidated = await preview('demo', 'EXEC_01', 'pdf', {
      'if-none-match': first.headers.get('etag') as string,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.bytes.length).toBe(0);
  });

  it('follows the brand kit: new colours and a logo give a new cached preview in that brand', async () => {
    const before = await preview('demo', 'MODERN_03', 'png');
    expect(before.status).toBe(200);
    const changed = await cloud.request('/api/v1/agency/branding', {
      method: 'PUT',
      agency: 'demo',
      headers: { authorization: `Bearer ${tokens.demo}`, 'content-type': 'application/json' },
      body: JSON.stringify(NEW_ACCENTS),
    });
    expect(changed.status).toBe(200);
    const form = new FormData();
    form.set('type', 'horizontal');
    form.set('file', new Blob([new Uint8Array(png(240, 80))], { type: 'image/png' }), 'logo.png');
    const logo = await cloud.request('/api/v1/agency/branding/logo', {
      method: 'POST',
      agency: 'demo',
      headers: { authorization: `Bearer ${tokens.demo}` },
      body: form,
    });
    expect(logo.status).toBe(201);

    const after = await preview('demo', 'MODERN_03', 'png');
    expect(after.headers.get('x-preview-cache')).toBe('miss');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    // The cover's corner is the brand's cover colour, before and after the change.
    const coverOf = (accents: Accents) => documentColors(accents)['cover-start'] as string;
    expect(distance(await pixel(before.bytes, 3, 3), coverOf(DEMO_ACCENTS))).toBeLessThan(8);
    expect(distance(await pixel(after.bytes, 3, 3), coverOf(NEW_ACCENTS))).toBeLessThan(8);
    expect((await cached('demo', 'MODERN_03')).length).toBe(4);

    const pdf = await preview('demo', 'MODERN_03', 'pdf');
    expect(pdf.headers.get('x-preview-cache')).toBe('hit');
    // The uploaded 240×80 logo, read from the files bucket and embedded.
    expect(pdfImageSizes(pdf.bytes)).toContain('240×80');
  });

  it('previews only templates the agency may use: 403 BIZ_002, 404 for unknown codes', async () => {
    for (const code of ['BOLD_05', 'MODERN_03']) {
      const refused = await preview('acme', code, 'pdf');
      expect(refused.status).toBe(403);
      expect(json(refused.bytes).error.code).toBe('BIZ_002');
      expect(await cached('acme', code)).toEqual([]);
    }
    const unknown = await preview('acme', 'NOPE_99', 'png');
    expect(unknown.status).toBe(404);
    expect(json(unknown.bytes).error.code).toBe('RES_001');
    expect((await preview('demo', 'BOLD_05', 'png')).status).toBe(200);
  });

  it('keeps tenants apart: each agency gets its own brand under its own prefix', async () => {
    const acme = await preview('acme', 'EXEC_01', 'pdf');
    const demo = await preview('demo', 'EXEC_01', 'pdf');
    expect(acme.status).toBe(200);
    expect(acme.headers.get('etag')).not.toBe(demo.headers.get('etag'));
    const acmeKeys = (await cached('acme', 'EXEC_01')).map((object) => object.key);
    expect(acmeKeys.length).toBe(2);
    expect(acmeKeys.every((key) => key.startsWith(`agencies/${ids.acme}/`))).toBe(true);
    const head = await s3Client().send(
      new HeadObjectCommand({
        Bucket: env().FILES_BUCKET,
        Key: acmeKeys.find((key) => key.endsWith('.pdf')),
      }),
    );
    expect(head.ContentType).toBe('application/pdf');
    // Acme's token on demo's host is not a way into demo's previews.
    const crossed = await cloud.request('/api/v1/templates/EXEC_01/preview.pdf', {
      agency: 'demo',
      headers: { authorization: `Bearer ${tokens.acme}` },
    });
    expect(crossed.status).toBeGreaterThanOrEqual(401);
    expect(crossed.status).toBeLessThan(404);
  });
});

describe('publishing admin templates (connected)', () => {
  const admin = (method: string, path: string, body?: unknown): Promise<Answer> =>
    authApi(cloud).call(method, path, { bearer: superToken, body });
  const create = (code: string, html: string, extra: Record<string, unknown> = {}) =>
    admin('POST', '/api/v1/admin/templates', {
      code,
      name: `Custom ${code}`,
      html_template: html,
      css_template: 'h1 { letter-spacing: 0.01em; }',
      ...extra,
    });
  const problems = (answer: Answer) =>
    answer.body.error?.details as { field: string; check: string; code?: string; message: string }[];
  const stored = async (code: string) => (await allTemplates()).find((template) => template.code === code);
  const VALID = "{% include 'base/document' %}";

  it('refuses markup that does not parse, does not render or fails review, and saves nothing', async () => {
    const cases = [
      { code: 'BAD_PARSE', html: '{% if doc.title %}<h1>{{ doc.title }}</h1>', check: 'parse' },
      { code: 'BAD_RENDER', html: "{% include 'base/components/nowhere' %}", check: 'render' },
      {
        code: 'BAD_BLOCKS',
        html: '<!doctype html><html><head><style>{{ styles | raw }}</style></head><body><h1>{{ doc.title }}</h1></body></html>',
        check: 'review',
      },
    ];
    for (const { code, html, check } of cases) {
      const answer = await create(code, html);
      expect(answer.status, code).toBe(422);
      expect(answer.body.error?.code).toBe('VAL_001');
      expect(problems(answer)[0]).toMatchObject({ field: 'html_template', check });
      expect(await stored(code)).toBeUndefined();
    }
    const review = problems(await create('BAD_BLOCKS', cases[2]?.html as string));
    expect(review.map((problem) => problem.code)).toContain('missing_section');
    expect(review.map((problem) => problem.code)).toContain('missing_statistic');

    const css = await create('BAD_CSS', VALID, { css_template: 'h1 {} </style><script>alert(1)</script>' });
    expect(css.status).toBe(422);
    expect(problems(css)[0]).toMatchObject({ field: 'css_template', check: 'css' });
    expect(await stored('BAD_CSS')).toBeUndefined();
    // Nothing was claimed either: the refused code is free.
    const again = await create('BAD_PARSE', VALID);
    expect(again.status).toBe(201);
  });

  it('publishes a template that renders the sample, and agencies preview it through its markup', async () => {
    const created = await create('GOOD_07', VALID, {
      css_template: '.cover-title { letter-spacing: -0.02em; }',
    });
    expect(created.status).toBe(201);
    const shown = await preview('demo', 'GOOD_07', 'pdf');
    expect(shown.status).toBe(200);
    expect(shown.headers.get('x-preview-cache')).toBe('miss');
    expect(pdfText(shown.bytes)).toContain('Start with High-Impact, Low-Risk Use Cases');

    // A broken edit of the published template is refused; markup and version stay as they were.
    const id = (created.body.data as { id: string }).id;
    const broken = await admin('PUT', `/api/v1/admin/templates/${id}`, {
      html_template: '<p>{{ doc.title }}</p>',
    });
    expect(broken.status).toBe(422);
    expect(problems(broken)[0]).toMatchObject({ check: 'review' });
    const after = await stored('GOOD_07');
    expect(after?.version).toBe(1);
    expect(after?.html_template).toBe(VALID);
    expect((await preview('demo', 'GOOD_07', 'pdf')).headers.get('x-preview-cache')).toBe('hit');
  });

  it('saves a draft that only parses, and refuses to activate it until it renders', async () => {
    const draft = await create('DRAFT_08', '<h1>{{ doc.title }}</h1>', { is_active: false });
    expect(draft.status).toBe(201);
    const id = (draft.body.data as { id: string }).id;
    const activate = await admin('PUT', `/api/v1/admin/templates/${id}`, { is_active: true });
    expect(activate.status).toBe(422);
    expect(problems(activate)[0]).toMatchObject({ check: 'review' });
    expect((await stored('DRAFT_08'))?.is_active).toBe(false);
    const fixed = await admin('PUT', `/api/v1/admin/templates/${id}`, {
      is_active: true,
      html_template: VALID,
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.data).toMatchObject({ is_active: true, version: 2 });
  });
});
