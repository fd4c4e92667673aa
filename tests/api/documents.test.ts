/**
 * The document endpoints (PRD §6.4) through the local gateway, on documents seeded straight into
 * the table with a PDF in the files bucket (independent of the pipeline): detail, status, content
 * and PDF download; per-client and agency-wide lists with filters, sorting and pages; content edits
 * that re-render the PDF (and what they may not change); soft delete; client users confined to
 * their own client; other agencies' ids answering 404. Also the client statistics kept on
 * completion and the signed generation webhook to a loopback receiver.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env } from '../../shared/config/env.ts';
import type { DocumentContent } from '../../shared/content/document-content.ts';
import { sampleContent } from '../../shared/content/sample-content.ts';
import type { ClientItem } from '../../shared/data/entities/clients.ts';
import type { DocumentItem } from '../../shared/data/entities/documents.ts';
import { service } from '../../shared/data/service.ts';
import { recordDocumentCompleted } from '../../shared/documents/client-stats.ts';
import { GENERATION_STEPS } from '../../shared/generation/steps.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { encryptAgencySecret } from '../../shared/provider-keys/agency-secrets.ts';
import { createSsrfGuard } from '../../shared/research/ssrf-guard.ts';
import { s3Client } from '../../shared/storage/s3-client.ts';
import { allTemplates } from '../../shared/templates/plan-access.ts';
import { notifyGenerationWebhook } from '../../shared/webhooks/generation-webhook.ts';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../shared/webhooks/signature.ts';
import { type Answer, authApi, fieldErrors } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { pdfImageSizes } from '../support/pdf-images.ts';
import { png } from '../support/png.ts';
import { agencyBySlug, tokenFor, usersOf, userWithRole } from '../support/seed-data.ts';

let cloud: TestCloud;
let api: ReturnType<typeof authApi>;

interface Staff {
  id: string;
  slug: string;
  admin: string;
  adminId: string;
  member: string;
  client: string;
  clients: ClientItem[];
  clientUserClientId: string;
}
let demo: Staff;
let acme: Staff;

async function staff(slug: string): Promise<Staff> {
  const agency = await agencyBySlug(slug);
  const users = await usersOf(agency.id);
  const clients = (await service().entities.client.query.byId({ agency_id: agency.id }).go({ pages: 'all' }))
    .data;
  const admin = userWithRole(users, 'agency_admin');
  const clientUser = users.find((user) => user.role === 'client');
  return {
    id: agency.id,
    slug,
    admin: await tokenFor(admin),
    adminId: admin.id,
    member: await tokenFor(userWithRole(users, 'agency_member')),
    client: clientUser ? await tokenFor(clientUser) : '',
    clients: clients.sort((a, b) => a.created_at.localeCompare(b.created_at)),
    clientUserClientId: clientUser?.client_id ?? '',
  };
}

async function tinyPdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText(text);
  return pdf.save();
}

interface Seeded {
  document: DocumentItem;
  pdf: Uint8Array | null;
}

/** A document written straight into the table (and its PDF into the files bucket when ready). */
async function seedDocument(
  agency: Staff,
  clientId: string,
  overrides: Partial<DocumentItem> & { content?: DocumentContent | Record<string, never> } = {},
): Promise<Seeded> {
  const id = randomUUID();
  const status = overrides.status ?? 'ready';
  const finished = status === 'ready' || status === 'distributed';
  const content = overrides.content ?? (finished ? sampleContent() : {});
  const exec = (await allTemplates()).find((template) => template.code === 'EXEC_01');
  const key = `agencies/${agency.id}/documents/${id}/document.pdf`;
  const pdf = finished ? await tinyPdf(`Seeded ${id}`) : null;
  if (pdf) {
    await s3Client().send(
      new PutObjectCommand({
        Bucket: env().FILES_BUCKET,
        Key: key,
        Body: pdf,
        ContentType: 'application/pdf',
      }),
    );
  }
  const { content: _content, ...rest } = overrides;
  const title = (content as { title?: string }).title ?? overrides.topic ?? 'Seeded topic';
  await service()
    .entities.document.create({
      id,
      agency_id: agency.id,
      client_id: clientId,
      template_id: exec?.id,
      created_by_user_id: agency.adminId,
      title,
      topic: 'AI implementation strategies for mid-market companies',
      content_json: content,
      status,
      input_tone: 'authoritative',
      input_keywords: ['AI adoption', 'ROI'],
      input_related_services: ['AI Consulting'],
      research_sources: [
        { url: 'https://www.mckinsey.com/a', domain: 'mckinsey.com', title: 'A' },
        { url: 'https://www.mckinsey.com/b', domain: 'mckinsey.com', title: 'B' },
        { url: 'https://hbr.org/c', domain: 'hbr.org', title: 'C' },
      ],
      research_source_count: 3,
      api_tokens_input: 15_420,
      api_tokens_output: 8_750,
      api_cost_cents: 42,
      ...(finished
        ? {
            slug: 'ai-implementation-guide',
            pdf_file_path: key,
            pdf_url: `${env().FILES_BASE_URL}/${key}`,
            pdf_file_size_bytes: pdf?.byteLength,
            pdf_page_count: 1,
            generation_started_at: '2026-01-02T10:30:00.000Z',
            generation_completed_at: '2026-01-02T10:32:28.000Z',
            generation_duration_seconds: 148,
          }
        : {}),
      ...rest,
    })
    .go();
  await service()
    .entities.generationJob.create({
      agency_id: agency.id,
      document_id: id,
      progress_percent: finished ? 100 : 25,
      steps_completed: finished ? [...GENERATION_STEPS] : ['topic_analysis', 'keyword_research'],
      current_step: finished ? 'quality_review' : 'web_research',
      current_step_label: finished ? 'Final Review' : 'Conducting Research',
    })
    .go();
  return { document: (await storedDocument(agency, id)) as DocumentItem, pdf };
}

/** The document as stored now (a consistent read, so a change just made is visible). */
async function storedDocument(agency: Staff, id: string) {
  return (await service().entities.document.get({ agency_id: agency.id, id }).go({ consistent: true })).data;
}

/** The bytes of an object in the files bucket. */
async function storedFile(key: string): Promise<Uint8Array> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: env().FILES_BUCKET, Key: key }));
  return (await object.Body?.transformToByteArray()) as Uint8Array;
}

/** The agency's latest audit entries, newest first. */
async function recentAudit(agency: Staff) {
  const { data } = await service()
    .entities.auditLog.query.byTime({ agency_id: agency.id })
    .go({ order: 'desc', limit: 20 });
  return data;
}

const call = (method: string, path: string, agency: Staff, token: string, body?: unknown) =>
  api.call(method, path, { agency: agency.slug, bearer: token, body });
const rows = (answer: Answer) => answer.body.data as unknown as Array<Record<string, unknown>>;
const putContent = (agency: Staff, token: string, id: string, body: unknown) =>
  call('PUT', `/api/v1/documents/${id}/content`, agency, token, body);

async function download(agency: Staff, token: string, id: string) {
  return cloud.request(`/api/v1/documents/${id}/pdf`, {
    agency: agency.slug,
    headers: { authorization: `Bearer ${token}` },
  });
}

beforeAll(async () => {
  cloud = await startTestCloud();
  api = authApi(cloud);
  demo = await staff('demo');
  acme = await staff('acme');
});
afterAll(async () => {
  await cloud?.destroy();
  // Content edits re-render the PDF: Chromium must not outlive the file.
  await closeBrowser();
});

describe('reading a document', () => {
  let ready: Seeded;
  beforeAll(async () => {
    ready = await seedDocument(demo, demo.clients[0]?.id as string, {
      statistics_verified_count: 12,
      statistics_dropped_count: 3,
    });
  });

  it('detail: PRD shape with files, summaries, usage and three-year retention', async () => {
    const answer = await call('GET', `/api/v1/documents/${ready.document.id}`, demo, demo.member);
    expect(answer.status).toBe(200);
    const data = answer.body.data as Record<string, unknown>;
    const content = sampleContent();
    expect(data).toMatchObject({
      id: ready.document.id,
      client_id: demo.clients[0]?.id,
      client: { id: demo.clients[0]?.id, company_name: demo.clients[0]?.company_name },
      template: { code: 'EXEC_01' },
      title: content.title,
      status: 'ready',
      files: {
        pdf_url: ready.document.pdf_url,
        pdf_file_size_bytes: ready.pdf?.byteLength,
        pdf_page_count: 1,
      },
      content_summary: {
        sections: [...content.sections.map((section) => section.title), content.conclusion.title],
        statistics_count: content.statistics.length,
        charts_count: content.charts.length,
        quotes_count: content.quotes.length,
      },
      generation_input: {
        tone: 'authoritative',
        keywords: ['AI adoption', 'ROI'],
        related_services: ['AI Consulting'],
      },
      research_summary: {
        source_count: 3,
        top_sources: [
          { domain: 'mckinsey.com', count: 2 },
          { domain: 'hbr.org', count: 1 },
        ],
        // Provenance: figures found in their source's text, and those left out.
        statistics_verified_count: 12,
        statistics_dropped_count: 3,
      },
      created_by: { id: demo.adminId },
      api_usage: { tokens_input: 15_420, tokens_output: 8_750, cost_cents: 42 },
      generation_completed_at: '2026-01-02T10:32:28.000Z',
    });
    const created = new Date(data.created_at as string);
    const expires = new Date(data.expires_at as string);
    expect(expires.getUTCFullYear() - created.getUTCFullYear()).toBe(3);
    expect(Math.abs(expires.getTime() - created.getTime() - 3 * 365.25 * 86_400_000)).toBeLessThan(
      2 * 86_400_000,
    );
  });

  it('status: the complete variant', async () => {
    const answer = await call('GET', `/api/v1/documents/${ready.document.id}/status`, demo, demo.admin);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({
      document_id: ready.document.id,
      status: 'ready',
      progress: { percent: 100, current_step: 'complete', steps_completed: [...GENERATION_STEPS] },
      result: { pdf_url: ready.document.pdf_url, page_count: 1, word_count: 1180, research_sources_count: 3 },
      duration_seconds: 148,
    });
  });

  it('status: the in-progress variant, with where to watch it', async () => {
    const running = await seedDocument(demo, demo.clients[0]?.id as string, {
      status: 'generating',
      generation_started_at: new Date().toISOString(),
    });
    const answer = await call('GET', `/api/v1/documents/${running.document.id}/status`, demo, demo.admin);
    const data = answer.body.data as Record<string, unknown>;
    expect(data).toMatchObject({
      status: 'generating',
      progress: {
        percent: 25,
        current_step: 'web_research',
        steps_completed: ['topic_analysis', 'keyword_research'],
        steps_remaining: GENERATION_STEPS.slice(3),
      },
    });
    expect(typeof data.estimated_completion_at).toBe('string');
    expect(data.websocket_url).toBe(`${env().WEBSOCKET_URL}?job_id=${data.job_id}`);
    // No content yet, no PDF yet.
    expect(
      (await call('GET', `/api/v1/documents/${running.document.id}/content`, demo, demo.admin)).body.error
        ?.code,
    ).toBe('RES_003');
    const pdf = await download(demo, demo.admin, running.document.id);
    expect(pdf.status).toBe(409);
  });

  it('content: the structured content_json', async () => {
    const answer = await call('GET', `/api/v1/documents/${ready.document.id}/content`, demo, demo.member);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual(JSON.parse(JSON.stringify(sampleContent())));
  });

  it('pdf: the stored bytes as an attachment named after the slug and date', async () => {
    const response = await download(demo, demo.member, ready.document.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="ai-implementation-guide-2026-01-02.pdf"',
    );
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(ready.pdf as Uint8Array))).toBe(true);
  });

  it('a failed document has no PDF (404 FILE_004) and shows its error', async () => {
    const failed = await seedDocument(demo, demo.clients[0]?.id as string, {
      status: 'failed',
      generation_error_code: 'GEN_005',
      generation_error_message: 'AI service error',
      generation_error_step: 'content_writing',
    });
    const pdf = await download(demo, demo.admin, failed.document.id);
    expect(pdf.status).toBe(404);
    expect(((await pdf.json()) as { error: { code: string } }).error.code).toBe('FILE_004');
    const detail = await call('GET', `/api/v1/documents/${failed.document.id}`, demo, demo.admin);
    expect(detail.body.data).toMatchObject({
      status: 'failed',
      error: { code: 'GEN_005', step: 'content_writing' },
      content_summary: null,
      // Never counted: no claim either way.
      research_summary: { statistics_verified_count: null, statistics_dropped_count: null },
    });
  });
});

describe('document lists', () => {
  let clientA: string;
  let clientB: string;
  const made: Record<string, string> = {};

  beforeAll(async () => {
    // A fresh agency-wide picture: documents on both demo clients with distinct titles and dates.
    clientA = demo.clients[0]?.id as string;
    clientB = demo.clients[1]?.id as string;
    const spec: Array<[string, string, DocumentItem['status'], string]> = [
      ['alpha', clientA, 'ready', '2025-03-01T09:00:00.000Z'],
      ['bravo', clientA, 'failed', '2025-03-02T09:00:00.000Z'],
      ['charlie', clientA, 'ready', '2025-03-03T09:00:00.000Z'],
      ['delta', clientB, 'ready', '2025-03-04T09:00:00.000Z'],
      ['echo', clientB, 'distributed', '2025-03-05T09:00:00.000Z'],
    ];
    for (const [name, client, status, createdAt] of spec) {
      const content = { ...sampleContent(), title: `List ${name} report` };
      const seeded = await seedDocument(demo, client, {
        status,
        created_at: createdAt,
        topic: `Listing topic ${name}`,
        ...(status === 'failed' ? { content: {}, title: `List ${name} report` } : { content }),
      });
      made[name] = seeded.document.id;
    }
  });

  const titles = (answer: Answer) => rows(answer).map((row) => row.title);
  const inRange = '&date_from=2025-03-01&date_to=2025-03-31';

  it('per client: newest first, with the PRD row shape', async () => {
    const answer = await call(
      'GET',
      `/api/v1/clients/${clientA}/documents?per_page=50${inRange}`,
      demo,
      demo.member,
    );
    expect(answer.status).toBe(200);
    expect(titles(answer)).toEqual(['List charlie report', 'List bravo report', 'List alpha report']);
    expect(rows(answer)[0]).toMatchObject({
      id: made.charlie,
      client_id: clientA,
      topic: 'Listing topic charlie',
      status: 'ready',
      template: { code: 'EXEC_01', name: expect.any(String) },
      page_count: 1,
      distribution: { distributed_at: null, channels: [] },
      created_by: { id: demo.adminId },
      created_at: '2025-03-03T09:00:00.000Z',
    });
    expect(rows(answer)[0]).not.toHaveProperty('content_json');
    expect(answer.body.pagination).toMatchObject({ page: 1, total_items: 3 });
  });

  it('filters: status, search in title and topic, date range, client (agency-wide)', async () => {
    const status = await call(
      'GET',
      `/api/v1/documents?status=ready&per_page=50${inRange}`,
      demo,
      demo.admin,
    );
    expect(titles(status)).toEqual(['List delta report', 'List charlie report', 'List alpha report']);
    const search = await call('GET', `/api/v1/documents?search=TOPIC%20ECHO`, demo, demo.admin);
    expect(titles(search)).toEqual(['List echo report']);
    const range = await call(
      'GET',
      '/api/v1/documents?date_from=2025-03-02&date_to=2025-03-04',
      demo,
      demo.admin,
    );
    expect(titles(range)).toEqual(['List delta report', 'List charlie report', 'List bravo report']);
    const client = await call('GET', `/api/v1/documents?client_id=${clientB}${inRange}`, demo, demo.admin);
    expect(titles(client)).toEqual(['List echo report', 'List delta report']);
    const clientStatus = await call(
      'GET',
      `/api/v1/clients/${clientB}/documents?status=distributed${inRange}`,
      demo,
      demo.admin,
    );
    expect(titles(clientStatus)).toEqual(['List echo report']);
  });

  it('sorting and pages', async () => {
    const page = (n: number) =>
      call('GET', `/api/v1/documents?sort=title&order=asc&per_page=2&page=${n}${inRange}`, demo, demo.admin);
    const first = await page(1);
    const third = await page(3);
    expect(titles(first)).toEqual(['List alpha report', 'List bravo report']);
    expect(titles(third)).toEqual(['List echo report']);
    expect(first.body.pagination).toEqual({
      page: 1,
      per_page: 2,
      total_items: 5,
      total_pages: 3,
      has_next: true,
      has_prev: false,
    });
  });

  it('bad query parameters: 422 listing each', async () => {
    const answer = await call(
      'GET',
      '/api/v1/documents?status=draft&sort=price&per_page=500&date_from=yesterday',
      demo,
      demo.admin,
    );
    expect(answer.status).toBe(422);
    expect(
      fieldErrors(answer)
        .map((error) => error.field)
        .sort(),
    ).toEqual(['query.date_from', 'query.per_page', 'query.sort', 'query.status']);
  });

  it('a client user sees only its own client’s documents', async () => {
    const own = demo.clientUserClientId;
    const other = own === clientA ? clientB : clientA;
    const all = await call('GET', `/api/v1/documents?per_page=100${inRange}`, demo, demo.client);
    expect(all.status).toBe(200);
    expect(rows(all).every((row) => row.client_id === own)).toBe(true);
    expect(rows(all).length).toBeGreaterThan(0);
    expect((await call('GET', `/api/v1/clients/${other}/documents`, demo, demo.client)).status).toBe(404);
    expect((await call('GET', `/api/v1/documents?client_id=${other}`, demo, demo.client)).body.data).toEqual(
      [],
    );
    const foreign = other === clientA ? made.alpha : made.delta;
    expect((await call('GET', `/api/v1/documents/${foreign}`, demo, demo.client)).status).toBe(404);
    expect((await download(demo, demo.client, foreign as string)).status).toBe(404);
  });
});

describe('editing content', () => {
  it('a member edits the text: validated, re-rendered, saved, audited', async () => {
    const seeded = await seedDocument(demo, demo.clients[0]?.id as string);
    const content = sampleContent();
    const edited = {
      ...content,
      title: 'Edited: AI Implementation in Practice',
      summary: `${content.summary} An added closing sentence for the edit test.`,
    };
    const { metadata: _metadata, ...withoutMetadata } = edited;
    const answer = await putContent(demo, demo.member, seeded.document.id, withoutMetadata);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toMatchObject({
      title: 'Edited: AI Implementation in Practice',
      slug: 'edited-ai-implementation-in-practice',
    });
    const stored = await storedDocument(demo, seeded.document.id);
    const storedContent = stored?.content_json as DocumentContent;
    expect(storedContent.summary).toBe(edited.summary);
    // Metadata is the server's: word count recomputed, the rest kept.
    expect(storedContent.metadata.word_count).toBeGreaterThan(500);
    expect(storedContent.metadata.word_count).not.toBe(content.metadata.word_count);
    expect(storedContent.metadata.generated_at).toBe(content.metadata.generated_at);
    // A new PDF at a new key, rendered from the edited content.
    expect(stored?.pdf_file_path).not.toBe(seeded.document.pdf_file_path);
    const pdf = await PDFDocument.load(await storedFile(stored?.pdf_file_path as string));
    expect(pdf.getPageCount()).toBe(stored?.pdf_page_count);
    expect(pdf.getPageCount()).toBeGreaterThan(3);
    expect(pdf.getTitle()).toBe('Edited: AI Implementation in Practice');
    const downloaded = await download(demo, demo.member, seeded.document.id);
    expect(downloaded.headers.get('content-disposition')).toContain(
      'edited-ai-implementation-in-practice-2026-01-02.pdf',
    );
    expect(
      (await recentAudit(demo)).find(
        (entry) => entry.action === 'document_content_update' && entry.resource_id === seeded.document.id,
      ),
    ).toMatchObject({ changes: { title: { old: content.title, new: edited.title } } });
  });

  it('re-renders with the client logo and the cover photo embedded from the files bucket', async () => {
    const clientId = demo.clients[1]?.id as string;
    const form = new FormData();
    form.set('type', 'horizontal');
    form.set('file', new Blob([new Uint8Array(png(240, 80))], { type: 'image/png' }), 'logo.png');
    const logo = await cloud.request(`/api/v1/clients/${clientId}/branding/logo`, {
      method: 'POST',
      agency: demo.slug,
      headers: { authorization: `Bearer ${demo.admin}` },
      body: form,
    });
    expect(logo.status).toBe(201);
    // Stored images, addressed by their http(s) URLs, which the renderer itself may not load.
    const coverKey = `agencies/${demo.id}/clients/${clientId}/branding/cover-photo-test.png`;
    await s3Client().send(
      new PutObjectCommand({
        Bucket: env().FILES_BUCKET,
        Key: coverKey,
        Body: png(320, 211),
        ContentType: 'image/png',
      }),
    );
    const coverUrl = `${env().FILES_BASE_URL}/${coverKey}`;
    expect(coverUrl).toMatch(/^https?:\/\//);

    const imagesAfterEdit = async (overrides: Partial<DocumentItem>) => {
      const seeded = await seedDocument(demo, clientId, overrides);
      const { metadata: _metadata, ...content } = { ...sampleContent(), title: 'Edited with images' };
      const answer = await putContent(demo, demo.member, seeded.document.id, content);
      expect(answer.status).toBe(200);
      const stored = await storedDocument(demo, seeded.document.id);
      return pdfImageSizes(await storedFile(stored?.pdf_file_path as string));
    };
    const photo = await imagesAfterEdit({ cover_image_url: coverUrl, cover_image_source: 'uploaded' });
    expect(photo).toContain('240×80');
    // The photo fills the cover, cropped to the page's shape: its full height is kept.
    const isPhoto = (size: string) => size.endsWith('×211');
    expect(photo.filter(isPhoto)).toHaveLength(1);
    // A generated cover is the template's own brand gradient, as in the pipeline's PDF.
    const gradient = await imagesAfterEdit({ cover_image_url: coverUrl, cover_image_source: 'generated' });
    expect(gradient).toContain('240×80');
    expect(gradient.filter(isPhoto)).toEqual([]);
  });

  it('research-backed parts and bad text: 422 listing every field, nothing saved', async () => {
    const seeded = await seedDocument(demo, demo.clients[0]?.id as string);
    const content = sampleContent();
    const firstStatistic = content.statistics[0];
    if (!firstStatistic) throw new Error('sample has statistics');
    const tampered = {
      ...content,
      statistics: [{ ...firstStatistic, value: '99%' }, ...content.statistics.slice(1)],
      sections: content.sections.map((section, index) =>
        index === 0 ? { ...section, chart_ids: [] } : section,
      ),
    };
    const locked = await putContent(demo, demo.admin, seeded.document.id, tampered);
    expect(locked.status).toBe(422);
    expect(fieldErrors(locked).map((error) => error.field)).toEqual(
      expect.arrayContaining(['statistics', 'sections[0].chart_ids']),
    );
    const invalid = await putContent(demo, demo.admin, seeded.document.id, {
      ...content,
      summary: '',
      sections: content.sections.map((section, index) =>
        index === 1 ? { ...section, paragraphs: [] } : section,
      ),
      surprise: true,
    });
    expect(invalid.status).toBe(422);
    expect(fieldErrors(invalid).map((error) => error.field)).toEqual(
      expect.arrayContaining(['summary', 'sections[1].paragraphs', '(content)']),
    );
    const after = await storedDocument(demo, seeded.document.id);
    expect(after?.updated_at).toBe(seeded.document.updated_at);
    expect(after?.pdf_file_path).toBe(seeded.document.pdf_file_path);
  });

  it('distributed documents: members refused (403), admins may; unready documents 409; client users 403', async () => {
    const distributed = await seedDocument(demo, demo.clients[0]?.id as string, {
      status: 'distributed',
      distributed_at: '2026-01-02T11:00:00.000Z',
    });
    const body = { ...sampleContent(), summary: `${sampleContent().summary} Admin addition.` };
    const member = await putContent(demo, demo.member, distributed.document.id, body);
    expect(member.status).toBe(403);
    expect(member.body.error?.code).toBe('AUTH_004');
    const admin = await putContent(demo, demo.admin, distributed.document.id, body);
    expect(admin.status).toBe(200);

    const pending = await seedDocument(demo, demo.clients[0]?.id as string, { status: 'pending' });
    const early = await putContent(demo, demo.admin, pending.document.id, body);
    expect(early.status).toBe(409);
    const own = await seedDocument(demo, demo.clientUserClientId);
    expect((await putContent(demo, demo.client, own.document.id, body)).status).toBe(403);
  });
});

describe('deleting', () => {
  it('admins soft-delete: gone from reads and lists, audited; members may not', async () => {
    const seeded = await seedDocument(demo, demo.clients[1]?.id as string, {
      topic: 'Deletion candidate topic',
    });
    const path = `/api/v1/documents/${seeded.document.id}`;
    expect((await call('DELETE', path, demo, demo.member)).status).toBe(403);
    const deleted = await call('DELETE', path, demo, demo.admin);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toMatchObject({ id: seeded.document.id, deleted_at: expect.any(String) });
    for (const suffix of ['', '/status', '/content', '/pdf']) {
      expect((await call('GET', `${path}${suffix}`, demo, demo.admin)).status).toBe(404);
    }
    expect((await call('DELETE', path, demo, demo.admin)).status).toBe(404);
    const list = await call('GET', '/api/v1/documents?search=Deletion%20candidate', demo, demo.admin);
    expect(list.body.data).toEqual([]);
    const item = await storedDocument(demo, seeded.document.id);
    expect(item?.deleted_at).toBe((deleted.body.data as { deleted_at: string }).deleted_at);
    expect(
      (await recentAudit(demo)).some(
        (entry) => entry.action === 'document_delete' && entry.resource_id === seeded.document.id,
      ),
    ).toBe(true);
  });
});

describe('tenant isolation', () => {
  it("another agency's document ids answer 404 on every route and change nothing", async () => {
    const foreign = await seedDocument(acme, acme.clients[0]?.id as string);
    const path = `/api/v1/documents/${foreign.document.id}`;
    const answers = [
      await call('GET', path, demo, demo.admin),
      await call('GET', `${path}/status`, demo, demo.admin),
      await call('GET', `${path}/content`, demo, demo.admin),
      await call('GET', `${path}/pdf`, demo, demo.admin),
      await call('PUT', `${path}/content`, demo, demo.admin, sampleContent()),
      await call('DELETE', path, demo, demo.admin),
      await call('GET', `/api/v1/clients/${acme.clients[0]?.id}/documents`, demo, demo.admin),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain(foreign.document.title);
    const all = await call('GET', '/api/v1/documents?per_page=100', demo, demo.admin);
    expect(rows(all).some((row) => row.id === foreign.document.id)).toBe(false);
    expect(await storedDocument(acme, foreign.document.id)).toEqual(foreign.document);
  });
});

describe('client statistics (PRD §4.3.3)', () => {
  it('a completed document counts once in its client’s statistics, however often finalize runs', async () => {
    const clientId = acme.clients[0]?.id as string;
    const storedClient = async () =>
      (await service().entities.client.get({ agency_id: acme.id, id: clientId }).go({ consistent: true }))
        .data as ClientItem;
    const before = await storedClient();
    const seeded = await seedDocument(acme, clientId);
    const outcomes = await Promise.all([
      recordDocumentCompleted(acme.id, seeded.document.id),
      recordDocumentCompleted(acme.id, seeded.document.id),
    ]);
    expect(outcomes.sort()).toEqual(['already_counted', 'counted']);
    expect(await recordDocumentCompleted(acme.id, seeded.document.id)).toBe('already_counted');
    expect(await recordDocumentCompleted(acme.id, randomUUID())).toBe('not_found');
    const after = await storedClient();
    expect(after.total_documents_generated).toBe(before.total_documents_generated + 1);
    expect(after.last_document_generated_at).toBe('2026-01-02T10:32:28.000Z');
    const shown = await call('GET', `/api/v1/clients/${clientId}`, acme, acme.admin);
    expect(JSON.stringify(shown.body.data)).toContain('2026-01-02T10:32:28.000Z');
  });
});

describe('generation webhook', () => {
  let receiver: Server;
  let port: number;
  const received: Array<{ body: string; signature: string | undefined; event: string | undefined }> = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string | undefined,
          event: req.headers['x-content-strategist-event'] as string | undefined,
        });
        // The first delivery meets an outage; the retry gets through.
        res.writeHead(received.length === 1 ? 503 : 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  it('posts a signed document.completed event to the agency’s webhook, retrying an outage', async () => {
    const seeded = await seedDocument(acme, acme.clients[0]?.id as string);
    const secret = 'whsec_acme_0123456789abcdef0123456789';
    const options = {
      guard: createSsrfGuard({ allowedHosts: [`127.0.0.1:${port}`] }),
      policy: { baseDelayMs: 10, timeoutMs: 2_000 },
    };
    await service()
      .entities.agency.patch({ id: acme.id })
      .set({ webhook_url: `http://127.0.0.1:${port}/hooks/cs` })
      .remove(['webhook_secret_encrypted'])
      .go();
    expect(await notifyGenerationWebhook(acme.id, seeded.document.id, 'document.completed', options)).toEqual(
      {
        sent: false,
        reason: 'no_secret',
      },
    );
    await service()
      .entities.agency.patch({ id: acme.id })
      .set({
        webhook_secret_encrypted: await encryptAgencySecret(acme.id, 'webhook_secret_encrypted', secret),
      })
      .go();
    const outcome = await notifyGenerationWebhook(acme.id, seeded.document.id, 'document.completed', options);
    expect(outcome).toMatchObject({ sent: true, delivered: true, attempts: 2, status: 200 });
    expect(received).toHaveLength(2);
    for (const delivery of received) {
      expect(verifyWebhookSignature(secret, delivery.body, delivery.signature)).toBe(true);
      expect(delivery.event).toBe('document.completed');
    }
    const event = JSON.parse(received[1]?.body as string);
    expect(event).toMatchObject({
      event: 'document.completed',
      agency_id: acme.id,
      data: {
        document_id: seeded.document.id,
        client_id: acme.clients[0]?.id,
        status: 'ready',
        result: { pdf_url: seeded.document.pdf_url, page_count: 1 },
      },
    });
    expect(event.id).toBe((outcome as { delivery_id: string }).delivery_id);
  });
});
