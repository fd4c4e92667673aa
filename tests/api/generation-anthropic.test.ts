/**
 * Generation end to end with Claude, against a fake Anthropic API and a fake web on loopback (the
 * real wire formats): the platform key of an Enterprise agency pays, web search finds the fake
 * web's articles under realistic hostnames, the research fetcher reads them through its SSRF guard,
 * and the document ends `ready` with every statistic found in the page it cites — while the
 * statistics and sentences the fake model invents are dropped and counted. Also: a step run twice
 * is charged once, and a persistent outage of the model service ends the run `failed` with GEN_005
 * after bounded retries instead of leaving it stuck.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as topicAnalysis } from '../../functions/pipeline/topic-analysis.ts';
import { parseDocumentContent } from '../../shared/content/document-content.ts';
import { service } from '../../shared/data/service.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { statisticAppearsInText } from '../../shared/research/verify-statistics.ts';
import { FAKE_ANTHROPIC_KEY } from '../support/fake-anthropic.ts';
import { FAKE_ARTICLES } from '../support/fake-web.ts';
import { type GenerationStage, startGenerationStage } from '../support/scripted-claude.ts';

/** A whole run, with the machine shared by other test files. */
const RUN_TIMEOUT_MS = 150_000;

const INVENTED_STATISTIC = '99%';
const INVENTED_SENTENCE_FIGURE = '73%';

let stage: GenerationStage;

beforeAll(async () => {
  stage = await startGenerationStage({
    sections: 3,
    sourcesNeeded: 20,
    faults: {
      inventedStatistic: INVENTED_STATISTIC,
      inventedSentenceFigure: INVENTED_SENTENCE_FIGURE,
      deadLink: true,
    },
    env: { ANTHROPIC_MAX_ATTEMPTS: '2', ANTHROPIC_RETRY_BASE_DELAY_MS: '20' },
  });
});
afterAll(async () => {
  await stage?.close();
  await closeBrowser();
});

describe('generation with Claude (connected, fake Anthropic and fake web)', () => {
  let ready: { document_id: string; job_id: string };

  it(
    'ends ready, every statistic traced to the page it cites, the invented ones dropped and counted',
    async () => {
      // A short overload at the start is absorbed by the gateway's own retries.
      stage.claude.overload(1);
      ready = await stage.generate('AI implementation in mid-market companies');
      const document = await stage.settled(ready.document_id);
      expect(document.status, document.generation_error_message).toBe('ready');

      const content = parseDocumentContent(document.content_json);
      expect(content.metadata.sample).toBe(false);
      expect(content.statistics.length).toBeGreaterThan(3);
      for (const statistic of content.statistics) {
        const source = content.sources.find((each) => each.id === statistic.source_id);
        const article = FAKE_ARTICLES.find((each) => source?.url === stage.claude.articleUrl(each));
        expect(article, `${statistic.value} cites ${source?.url}`).toBeDefined();
        expect(statisticAppearsInText(statistic.value, article?.paragraphs.join('\n') ?? '')).toBe(true);
      }
      const text = JSON.stringify(content);
      expect(text).not.toContain(INVENTED_STATISTIC);
      expect(text).not.toContain(INVENTED_SENTENCE_FIGURE);
      expect(content.quotes.map((quote) => quote.attribution)).toContain('Dana Whitfield');

      const { data: job } = await service()
        .entities.generationJob.get({ agency_id: stage.agency.id, id: ready.job_id })
        .go({ consistent: true });
      const research = job?.step_timings.web_research?.metadata as Record<string, number>;
      expect(research.statistics_dropped).toBeGreaterThanOrEqual(1);
      expect(research.sources_read).toBe(FAKE_ARTICLES.length);
      expect(research.sources_failed).toBe(1);
      const integration = job?.step_timings.statistics_integration?.metadata as Record<string, number>;
      expect(integration.sentences_removed).toBeGreaterThanOrEqual(1);

      expect(document.statistics_dropped_count).toBe(research.statistics_dropped);
      expect(document.statistics_verified_count).toBeGreaterThanOrEqual(content.statistics.length);
      expect(document.research_source_count).toBe(FAKE_ARTICLES.length);
      expect(document.api_tokens_input).toBeGreaterThan(0);
      expect(stage.claude.fake.requests.every((request) => request.apiKey === FAKE_ANTHROPIC_KEY)).toBe(true);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'charges a step once however often it runs',
    async () => {
      const before = await service()
        .entities.document.get({ agency_id: stage.agency.id, id: ready.document_id })
        .go({ consistent: true });
      const requests = stage.claude.fake.requests.length;
      await topicAnalysis({ agency_id: stage.agency.id, ...ready });
      expect(stage.claude.fake.requests.length).toBe(requests + 1);
      const after = await service()
        .entities.document.get({ agency_id: stage.agency.id, id: ready.document_id })
        .go({ consistent: true });
      expect(after.data?.api_tokens_input).toBe(before.data?.api_tokens_input);
      expect(after.data?.api_cost_cents).toBe(before.data?.api_cost_cents);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'ends a run failed with GEN_005 after bounded retries when the model service stays down',
    async () => {
      stage.claude.outage = true;
      const requests = stage.claude.fake.requests.length;
      try {
        const run = await stage.generate('AI governance in mid-market companies');
        const document = await stage.settled(run.document_id);
        expect(document).toMatchObject({
          status: 'failed',
          generation_error_code: 'GEN_005',
          generation_error_step: 'topic_analysis',
        });
        const { data: job } = await service()
          .entities.generationJob.get({ agency_id: stage.agency.id, id: run.job_id })
          .go({ consistent: true });
        expect(job).toMatchObject({
          error_occurred: true,
          error_code: 'GEN_005',
          completed_at: expect.any(String),
        });
        // Two HTTP attempts per call, and the state machine's two retries of the step: six, no more.
        expect(stage.claude.fake.requests.length - requests).toBe(6);
      } finally {
        stage.claude.outage = false;
      }
    },
    RUN_TIMEOUT_MS,
  );
});
