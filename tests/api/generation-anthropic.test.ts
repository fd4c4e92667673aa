/**
 * Generation end to end with Claude, against a fake Anthropic API and a fake web on loopback (the
 * real wire formats): the platform key of an Enterprise agency pays, web search finds the fake
 * web's articles under realistic hostnames, the research fetcher reads them through its SSRF guard,
 * and the document ends `ready` with every statistic found in the page it cites — while the
 * statistics and sentences the fake model invents are dropped and counted. Also: a step run twice
 * is charged once, and a persistent outage of the model service ends the run `failed` with GEN_005
 * after bounded retries instead of leaving it stuck.
 */

import type { LookupAddress } from 'node:dns';
import type * as DnsPromises from 'node:dns/promises';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as topicAnalysis } from '../../functions/pipeline/topic-analysis.ts';
import { env } from '../../shared/config/env.ts';
import { parseDocumentContent } from '../../shared/content/document-content.ts';
import type { AgencyItem } from '../../shared/data/entities/agencies.ts';
import type { ClientItem } from '../../shared/data/entities/clients.ts';
import { service } from '../../shared/data/service.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { statisticAppearsInText } from '../../shared/research/verify-statistics.ts';
import { callApi } from '../support/api-client.ts';
import {
  errorReply,
  FAKE_ANTHROPIC_KEY,
  type FakeAnthropic,
  type FakeAnthropicRequest,
  type FakeReply,
  startFakeAnthropic,
  structuredReply,
  webSearchReply,
} from '../support/fake-anthropic.ts';
import { FAKE_ARTICLES, type FakeArticle, type FakeWeb, startFakeWeb } from '../support/fake-web.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyBySlug, tokenForRole } from '../support/seed-data.ts';

// The fake web answers for any Host: every `*.example` name resolves to loopback, where the
// research fetcher's test allowlist lets it through (real DNS for everything else).
vi.mock('node:dns/promises', async (importOriginal) => {
  const real = await importOriginal<typeof DnsPromises>();
  const lookup = (async (hostname: string, options?: unknown) =>
    hostname.endsWith('.example')
      ? ([{ address: '127.0.0.1', family: 4 }] as LookupAddress[])
      : real.lookup(hostname, options as never)) as typeof real.lookup;
  return { ...real, lookup, default: { ...real, lookup } };
});

/** A whole run, with the machine shared by other test files. */
const RUN_TIMEOUT_MS = 150_000;

let cloud: TestCloud;
let anthropic: FakeAnthropic;
let web: FakeWeb;
let agency: AgencyItem;
let client: ClientItem;
let token: string;

/** A realistic public URL for an article of the fake web (resolved to the fake web by the mock above). */
function articleUrl(article: FakeArticle): string {
  const host = `${article.site.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`;
  return `http://${host}:${web.port}${article.path}`;
}

const INVENTED_STATISTIC = '99%';
const INVENTED_SENTENCE_FIGURE = '73%';

const keys = (request: FakeAnthropicRequest) => Object.keys((request.schema?.properties ?? {}) as object);
const has = (request: FakeAnthropicRequest, key: string) => keys(request).includes(key);

function statisticType(value: string) {
  if (value.includes('%') || /per ?cent/.test(value)) return 'percentage';
  if (value.includes('$')) return 'currency';
  if (/x$/.test(value)) return 'multiplier';
  if (/month|year|week/.test(value)) return 'duration';
  return 'count';
}

/** The sources of an extraction prompt: `<source id="N" title="…">`. */
function promptSources(prompt: string): Array<{ id: number; article: FakeArticle }> {
  return [...prompt.matchAll(/<source id="(\d+)" title="([^"]*)"/g)].flatMap((match) => {
    const article = FAKE_ARTICLES.find((each) => (match[2] ?? '').startsWith(each.title));
    return article ? [{ id: Number(match[1]), article }] : [];
  });
}

/** `- stat_3: 47% — label [2]` lines of a prompt. */
function promptStatistics(prompt: string) {
  return [...prompt.matchAll(/^- (stat_\d+): (.+?) — (.+) \[(\d+)\]$/gm)].map((match) => ({
    id: match[1] as string,
    value: match[2] as string,
    label: match[3] as string,
    source: Number(match[4]),
  }));
}

/** The scripted model: answers each task from what its prompt carries. */
function respond(request: FakeAnthropicRequest): FakeReply {
  if (request.webSearchTool) {
    return webSearchReply([
      {
        query: 'ai implementation mid-market',
        results: [
          ...FAKE_ARTICLES.map((article) => ({
            url: articleUrl(article),
            title: article.title,
            page_age: article.pageAge,
          })),
          { url: `http://gone.example:${web.port}/status/404`, title: 'A page that is gone', page_age: null },
        ],
      },
    ]);
  }
  const { prompt } = request;
  if (has(request, 'refined_topic')) {
    return structuredReply({
      refined_topic: 'AI Implementation for Mid-Market Companies',
      topic_scope: 'narrow',
      complexity_level: 'intermediate',
      target_audience: 'Mid-market executives',
      key_concepts: ['AI adoption', 'ROI', 'vendor selection'],
      related_topics: ['data quality'],
      recommended_sections: 3,
      research_depth: 'light',
      estimated_sources_needed: 20,
      content_angle: 'Practical and measured',
      potential_statistics_topics: ['adoption rates'],
      industry_specific_considerations: ['budgets'],
    });
  }
  if (has(request, 'primary_keywords')) {
    return structuredReply({
      primary_keywords: [{ term: 'AI implementation', search_priority: 9, intent: 'informational' }],
      secondary_keywords: [],
      long_tail_keywords: [],
      question_keywords: [],
      industry_terms: [],
      trending_terms: [],
      search_queries: ['ai adoption mid-market', 'ai roi benchmarks', 'ai vendor selection'],
    });
  }
  if (has(request, 'quotes') && has(request, 'statistics')) {
    const sources = promptSources(prompt);
    return structuredReply({
      insights: sources.map(({ id, article }) => ({ text: article.snippet, source_ids: [id] })),
      statistics: [
        ...sources.flatMap(({ id, article }) =>
          article.statistics.map((statistic) => ({
            value: statistic.value,
            label: statistic.context,
            context: null,
            type: statisticType(statistic.value),
            source_id: id,
          })),
        ),
        // A figure no source states: extraction must drop it.
        ...sources.slice(0, 1).map(({ id }) => ({
          value: INVENTED_STATISTIC,
          label: 'executives who say AI is overhyped',
          context: null,
          type: 'percentage',
          source_id: id,
        })),
      ],
      quotes: sources
        .filter(({ article }) => article.paragraphs.some((p) => p.includes('Dana Whitfield')))
        .map(({ id }) => ({
          text: 'The companies that win treat AI as an operating model change, not a technology purchase',
          attribution: 'Dana Whitfield',
          role: 'Managing Partner, Northbridge Consulting',
          source_id: id,
        })),
    });
  }
  if (has(request, 'key_findings')) {
    return structuredReply({
      summary: 'Adoption is rising; returns are uneven.',
      themes: ['ROI'],
      key_findings: [],
      gaps: [],
    });
  }
  if (has(request, 'industry_overview')) {
    return structuredReply({
      industry_overview: 'Mid-market firms are moving AI into production.',
      current_trends: ['More production use'],
      challenges: ['Data quality'],
      opportunities: ['Process automation'],
      benchmarks: [],
      competitive_landscape: 'Fragmented.',
      future_outlook: 'Steady growth.',
      key_players: [],
      regulatory_considerations: [],
    });
  }
  if (has(request, 'executive_summary_points')) {
    const statistics = promptStatistics(prompt);
    const titles = ['Where Adoption Stands', 'What Returns Look Like', 'How Leaders Buy'];
    return structuredReply({
      title: 'AI in the Mid-Market: From Pilots to Returns',
      subtitle: 'What the evidence says about adoption, returns and buying',
      executive_summary_points: ['Adoption is rising', 'Returns are uneven', 'Buying is formalising'],
      sections: titles.map((title, index) => {
        const mine = statistics.filter((_, i) => i % titles.length === index);
        return {
          label: null,
          title,
          key_point: `${title} matters.`,
          subsections: [],
          statistics_to_include: mine.map((statistic) => statistic.id),
          source_ids: [...new Set(mine.map((statistic) => statistic.source))],
          include_chart: false,
          chart_type: 'bar',
          include_callout: false,
          callout_type: 'note',
          estimated_word_count: 300,
        };
      }),
      conclusion: {
        title: 'The Bottom Line',
        key_takeaways: ['Start small', 'Measure'],
        call_to_action: 'Talk to us.',
      },
      quotes_placement: [...prompt.matchAll(/^- (quote_\d+):/gm)].map((match) => ({
        quote_id: match[1],
        section: 1,
      })),
    });
  }
  if (has(request, 'lead_paragraph')) {
    const statistics = promptStatistics(prompt);
    const first = statistics[0]?.source ?? 1;
    return structuredReply({
      lead_paragraph: `The evidence is consistent across the sources [${first}].`,
      body_paragraphs: [
        statistics.map((s) => `Research finds ${s.value} for ${s.label} [${s.source}].`).join(' ') ||
          'No figures here.',
        // An invented figure in running text: the provenance gate must remove this sentence.
        `Leaders report steady progress [${first}]. Meanwhile ${INVENTED_SENTENCE_FIGURE} of CFOs expect budgets to double [${first}].`,
      ],
      subsections: [],
      callout: null,
      statistics_used: statistics.map((statistic) => statistic.id),
    });
  }
  if (has(request, 'summary')) {
    return structuredReply({
      summary: 'Mid-market firms are turning AI pilots into production systems [1].',
    });
  }
  if (has(request, 'cta')) {
    return structuredReply({
      title: 'The Bottom Line',
      lead: 'Progress is real but uneven [1].',
      content: 'Firms that measure early scale faster [1].',
      key_takeaways: ['Start with one process', 'Measure from week one'],
      cta: 'Talk to us about your AI roadmap.',
    });
  }
  return errorReply(400, { message: `Unscripted request with schema keys ${keys(request).join(', ')}` });
}

async function settled(documentId: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data } = await service()
      .entities.document.get({ agency_id: agency.id, id: documentId })
      .go({ consistent: true });
    if (!data) throw new Error('document vanished');
    if (data.status === 'ready' || data.status === 'failed' || Date.now() > deadline) return data;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function generate(topic: string): Promise<{ document_id: string; job_id: string }> {
  const answer = await callApi(cloud, 'POST', `/api/v1/clients/${client.id}/documents/generate`, {
    agency: 'demo',
    bearer: token,
    body: { topic },
  });
  expect(answer.status, answer.text).toBe(202);
  return answer.body.data as { document_id: string; job_id: string };
}

beforeAll(async () => {
  [anthropic, web] = await Promise.all([startFakeAnthropic({ respond }), startFakeWeb()]);
  Object.assign(process.env, {
    ANTHROPIC_BASE_URL: anthropic.url,
    ANTHROPIC_MAX_ATTEMPTS: '2',
    ANTHROPIC_RETRY_BASE_DELAY_MS: '20',
    RESEARCH_FETCH_ALLOWLIST: web.host,
  });
  cloud = await startTestCloud();
  // The platform's key: the demo agency's Enterprise plan runs on it.
  const secrets = new SecretsManagerClient({});
  await secrets.send(
    new CreateSecretCommand({
      Name: env().ANTHROPIC_PLATFORM_KEY_SECRET_ID,
      SecretString: FAKE_ANTHROPIC_KEY,
    }),
  );
  secrets.destroy();
  agency = await agencyBySlug('demo');
  token = await tokenForRole(agency.id, 'agency_admin');
  const clients = (await service().entities.client.query.byId({ agency_id: agency.id }).go()).data;
  client = clients.find((each) => each.is_active) as ClientItem;
});
afterAll(async () => {
  await cloud?.destroy();
  await Promise.all([anthropic?.close(), web?.close(), closeBrowser()]);
});

describe('generation with Claude (connected, fake Anthropic and fake web)', () => {
  let ready: { document_id: string; job_id: string };

  it(
    'ends ready, every statistic traced to the page it cites, the invented ones dropped and counted',
    async () => {
      // A short overload at the start is absorbed by the gateway's own retries.
      anthropic.enqueue(errorReply(529, { retryAfter: 0 }));
      ready = await generate('AI implementation in mid-market companies');
      const document = await settled(ready.document_id);
      expect(document.status, document.generation_error_message).toBe('ready');

      const content = parseDocumentContent(document.content_json);
      expect(content.metadata.sample).toBe(false);
      expect(content.statistics.length).toBeGreaterThan(3);
      for (const statistic of content.statistics) {
        const source = content.sources.find((each) => each.id === statistic.source_id);
        const article = FAKE_ARTICLES.find((each) => source?.url === articleUrl(each));
        expect(article, `${statistic.value} cites ${source?.url}`).toBeDefined();
        expect(statisticAppearsInText(statistic.value, article?.paragraphs.join('\n') ?? '')).toBe(true);
      }
      const text = JSON.stringify(content);
      expect(text).not.toContain(INVENTED_STATISTIC);
      expect(text).not.toContain(INVENTED_SENTENCE_FIGURE);
      expect(content.quotes.map((quote) => quote.attribution)).toContain('Dana Whitfield');

      const { data: job } = await service()
        .entities.generationJob.get({ agency_id: agency.id, id: ready.job_id })
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
      expect(anthropic.requests.every((request) => request.apiKey === FAKE_ANTHROPIC_KEY)).toBe(true);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'charges a step once however often it runs',
    async () => {
      const before = await service()
        .entities.document.get({ agency_id: agency.id, id: ready.document_id })
        .go({ consistent: true });
      const requests = anthropic.requests.length;
      await topicAnalysis({ agency_id: agency.id, ...ready });
      expect(anthropic.requests.length).toBe(requests + 1);
      const after = await service()
        .entities.document.get({ agency_id: agency.id, id: ready.document_id })
        .go({ consistent: true });
      expect(after.data?.api_tokens_input).toBe(before.data?.api_tokens_input);
      expect(after.data?.api_cost_cents).toBe(before.data?.api_cost_cents);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'ends a run failed with GEN_005 after bounded retries when the model service stays down',
    async () => {
      anthropic.respond = () => errorReply(529, { retryAfter: 0 });
      const requests = anthropic.requests.length;
      try {
        const run = await generate('AI governance in mid-market companies');
        const document = await settled(run.document_id);
        expect(document).toMatchObject({
          status: 'failed',
          generation_error_code: 'GEN_005',
          generation_error_step: 'topic_analysis',
        });
        const { data: job } = await service()
          .entities.generationJob.get({ agency_id: agency.id, id: run.job_id })
          .go({ consistent: true });
        expect(job).toMatchObject({
          error_occurred: true,
          error_code: 'GEN_005',
          completed_at: expect.any(String),
        });
        // Two HTTP attempts per call, and the state machine's two retries of the step: six, no more.
        expect(anthropic.requests.length - requests).toBe(6);
      } finally {
        anthropic.respond = respond;
      }
    },
    RUN_TIMEOUT_MS,
  );
});
