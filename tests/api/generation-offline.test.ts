/**
 * Generation end to end in offline mode (no Anthropic key anywhere, as on a machine without
 * internet): the start endpoint launches the real state machine in the local cloud, every step
 * runs with the offline model and its fictitious sources, and the document ends `ready` with a
 * multi-page PDF in S3 whose content is valid, marked as sample text, and whose every statistic
 * is found in the text its source returned when it was read.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { extractText } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as topicAnalysis } from '../../functions/pipeline/topic-analysis.ts';
import { env } from '../../shared/config/env.ts';
import { parseDocumentContent } from '../../shared/content/document-content.ts';
import type { ClientItem } from '../../shared/data/entities/clients.ts';
import { service } from '../../shared/data/service.ts';
import { createOfflineSourceReader } from '../../shared/llm/offline/offline-reader.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { readPdfInfo } from '../../shared/pdf/render-pdf.ts';
import { statisticAppearsInText } from '../../shared/research/verify-statistics.ts';
import { s3Client } from '../../shared/storage/s3-client.ts';
import { callApi } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyBySlug, tokenForRole } from '../support/seed-data.ts';

/** A whole run, with the machine shared by other test files. */
const RUN_TIMEOUT_MS = 150_000;

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud.destroy();
  await closeBrowser();
});

async function untilSettled(agencyId: string, documentId: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data } = await service()
      .entities.document.get({ agency_id: agencyId, id: documentId })
      .go({ consistent: true });
    if (!data) throw new Error('document vanished');
    if (data.status === 'ready' || data.status === 'failed' || Date.now() > deadline) return data;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('offline generation (connected)', () => {
  it(
    'turns a topic into a ready, sample-marked PDF whose statistics trace to their sources',
    async () => {
      const agency = await agencyBySlug('demo');
      const token = await tokenForRole(agency.id, 'agency_admin');
      const clients = (await service().entities.client.query.byId({ agency_id: agency.id }).go())
        .data as ClientItem[];
      const client = clients.find((each) => each.is_active) as ClientItem;
      const topic = 'AI Implementation Strategies for Mid-Market Companies';
      const started = await callApi(cloud, 'POST', `/api/v1/clients/${client.id}/documents/generate`, {
        agency: 'demo',
        bearer: token,
        body: { topic, tone: 'professional' },
      });
      expect(started.status).toBe(202);
      const { document_id: documentId, job_id: jobId } = started.body.data as {
        document_id: string;
        job_id: string;
      };

      const document = await untilSettled(agency.id, documentId);
      expect(document, JSON.stringify(document.generation_error_message)).toMatchObject({ status: 'ready' });

      const content = parseDocumentContent(document.content_json);
      expect(content.metadata.sample).toBe(true);
      expect(content.subtitle).toMatch(/^Sample text generated offline/);
      expect(content.sections.length).toBeGreaterThanOrEqual(3);
      expect(content.statistics.length).toBeGreaterThan(0);
      expect(
        content.sources.every((source) => /^https:\/\/(www\.)?example\.(org|com|net)\//.test(source.url)),
      ).toBe(true);
      expect(content.sources.every((source) => source.title.includes('(example)'))).toBe(true);

      const reader = createOfflineSourceReader({ topic, industry: document.input_industry ?? null });
      for (const statistic of content.statistics) {
        const source = content.sources.find((each) => each.id === statistic.source_id);
        expect(source, statistic.id).toBeDefined();
        const read = await reader.read(source?.url ?? '');
        expect(
          statisticAppearsInText(statistic.value, read.text),
          `${statistic.value} in ${source?.url}`,
        ).toBe(true);
      }

      const pdf = await s3Client().send(
        new GetObjectCommand({ Bucket: env().FILES_BUCKET, Key: document.pdf_file_path ?? '' }),
      );
      const bytes = await pdf.Body?.transformToByteArray();
      const info = await readPdfInfo(bytes as Uint8Array);
      expect(info.pageCount).toBeGreaterThan(1);
      const { text: pages } = await extractText(bytes as Uint8Array, { mergePages: false });
      expect(pages[0]?.replace(/\s+/g, ' ')).toContain('Sample text generated offline');
      expect(document.pdf_page_count).toBe(info.pageCount);

      const { data: job } = await service()
        .entities.generationJob.get({ agency_id: agency.id, id: jobId })
        .go();
      expect(job).toMatchObject({ progress_percent: 100, completed_at: expect.any(String) });
      expect(job?.steps_completed).toHaveLength(12);
      expect(document.research_source_count).toBeGreaterThanOrEqual(20);

      // Another agency's id with this run's document and job reaches nothing of this run.
      const other = await agencyBySlug('acme');
      await expect(
        topicAnalysis({ agency_id: other.id, document_id: documentId, job_id: jobId }),
      ).rejects.toMatchObject({
        name: 'GEN_001',
      });
    },
    RUN_TIMEOUT_MS,
  );
});
