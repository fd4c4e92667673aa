/**
 * A scripted Claude for whole generation runs: the fake Anthropic API (`fake-anthropic.ts`, the
 * real wire format) answering every pipeline task — topic analysis, keywords, web search, source
 * extraction, synthesis, industry analysis, outline, sections, summary, conclusion — from what its
 * prompt carries, with the fake web's articles (`fake-web.ts`) as the web it searches; and the
 * stage such a run plays on (a seeded local cloud whose platform key pays for Claude, the fake
 * web reachable under realistic `*.example` hostnames). Used by the connected generation test and
 * by the generation benchmark.
 *
 * Each article may be mirrored on several hostnames (each mirror a distinct source to the
 * pipeline), so the research fan-outs can take the width the pipeline's own rules give them for a
 * deep research. Faults are injected on request: statistics and sentences no source states (the
 * provenance gate must drop them), a search result whose page is gone, bursts of 529 overloads
 * and a persistent outage. Every answer may be held back by a latency, and every call is logged.
 */
import type { LookupAddress } from 'node:dns';
import dns from 'node:dns/promises';
import { syncBuiltinESMExports } from 'node:module';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { env } from '../../shared/config/env.ts';
import type { AgencyItem } from '../../shared/data/entities/agencies.ts';
import type { ClientItem } from '../../shared/data/entities/clients.ts';
import type { DocumentItem } from '../../shared/data/entities/documents.ts';
import { service } from '../../shared/data/service.ts';
import { callApi } from './api-client.ts';
import {
  errorReply,
  FAKE_ANTHROPIC_KEY,
  type FakeAnthropic,
  type FakeAnthropicRequest,
  type FakeReply,
  startFakeAnthropic,
  structuredReply,
  webSearchReply,
} from './fake-anthropic.ts';
import { FAKE_ARTICLES, type FakeArticle, type FakeWeb, startFakeWeb } from './fake-web.ts';
import { startTestCloud, type TestCloud } from './local-cloud.ts';
import { agencyBySlug, tokenForRole } from './seed-data.ts';

/** One model call as the fake saw it (times from `performance.now()`). */
export interface ModelCall {
  /** Which pipeline task asked (from the schema or tool it sent). */
  readonly task: string;
  /** When the request had arrived in full. */
  readonly start: number;
  /** When the answer was due out: `start` plus the latency. */
  readonly end: number;
}

/** Figures and links the scripted model makes up, for the pipeline to catch. */
export interface ScriptedFaults {
  /** A value no source states, added to every extraction as a statistic of its first source. */
  readonly inventedStatistic?: string;
  /** A value no source states, written into a cited sentence of every section. */
  readonly inventedSentenceFigure?: string;
  /** Web search also returns a page of the fake web that is gone (404). */
  readonly deadLink?: boolean;
}

export interface ScriptedClaudeOptions {
  /** The fake web the searches point at. */
  readonly web: Pick<FakeWeb, 'port'>;
  /** Sections the topic analysis recommends and the outline asks for. */
  readonly sections: number;
  /** The topic analysis' `estimated_sources_needed`: the research depth. */
  readonly sourcesNeeded: number;
  /** Hostnames each article is mirrored on (default 1). */
  readonly mirrors?: number;
  /** Statistics the outline gives a section and a section writes about (default: all, round-robin). */
  readonly statisticsPerSection?: number;
  /** Held back before every answer (default 0; changeable through {@link ScriptedClaude.latencyMs}). */
  readonly latencyMs?: number;
  readonly faults?: ScriptedFaults;
}

export interface ScriptedClaude {
  readonly fake: FakeAnthropic;
  /** Held back before every answer from now on. */
  latencyMs: number;
  /** While true every request is answered 529 `overloaded_error`, as in an outage. */
  outage: boolean;
  /** Every call the script answered so far, in arrival order. */
  readonly calls: ModelCall[];
  /** Distinct sources the searches return (dead link excluded). */
  readonly sourceCount: number;
  /** The URL the searches give for `article` on its `mirror`th host. */
  articleUrl(article: FakeArticle, mirror?: number): string;
  /** Answers the next `count` requests 529 `overloaded_error` (`retry-after: 0`), whatever they ask. */
  overload(count: number): void;
  close(): Promise<void>;
}

const overloaded = () => errorReply(529, { retryAfter: 0 });

const keys = (request: FakeAnthropicRequest) => Object.keys((request.schema?.properties ?? {}) as object);

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

/** The task a request stands for, by the schema (or tool) it sends. */
function taskOf(request: FakeAnthropicRequest): string {
  if (request.webSearchTool) return 'web_search';
  const tasks: Array<[string, string]> = [
    ['refined_topic', 'topic_analysis'],
    ['primary_keywords', 'keyword_research'],
    ['quotes', 'extraction'],
    ['key_findings', 'synthesis'],
    ['industry_overview', 'industry_analysis'],
    ['executive_summary_points', 'outline'],
    ['lead_paragraph', 'section'],
    ['cta', 'conclusion'],
    ['summary', 'summary'],
  ];
  return tasks.find(([key]) => keys(request).includes(key))?.[1] ?? 'unscripted';
}

/** The script: each task answered from its prompt. */
function answer(
  task: string,
  request: FakeAnthropicRequest,
  options: ScriptedClaudeOptions,
  articleUrl: ScriptedClaude['articleUrl'],
): FakeReply {
  const { prompt } = request;
  const faults = options.faults ?? {};
  const perSection = options.statisticsPerSection ?? Number.POSITIVE_INFINITY;
  switch (task) {
    case 'web_search':
      return webSearchReply([
        {
          query: 'ai implementation mid-market',
          results: [
            ...FAKE_ARTICLES.flatMap((article) =>
              Array.from({ length: options.mirrors ?? 1 }, (_, mirror) => ({
                url: articleUrl(article, mirror + 1),
                title: article.title,
                page_age: article.pageAge,
              })),
            ),
            ...(faults.deadLink
              ? [
                  {
                    url: `http://gone.example:${options.web.port}/status/404`,
                    title: 'A page that is gone',
                    page_age: null,
                  },
                ]
              : []),
          ],
        },
      ]);
    case 'topic_analysis':
      return structuredReply({
        refined_topic: 'AI Implementation for Mid-Market Companies',
        topic_scope: 'medium',
        complexity_level: 'intermediate',
        target_audience: 'C-level executives at companies with 500-5000 employees',
        key_concepts: ['AI adoption', 'ROI measurement', 'vendor selection'],
        related_topics: ['data quality'],
        recommended_sections: options.sections,
        research_depth: options.sourcesNeeded > 50 ? 'deep' : 'light',
        estimated_sources_needed: options.sourcesNeeded,
        content_angle: 'Practical and measured',
        potential_statistics_topics: ['AI adoption rates', 'ROI benchmarks'],
        industry_specific_considerations: ['budgets'],
      });
    case 'keyword_research':
      return structuredReply({
        primary_keywords: [{ term: 'AI implementation', search_priority: 9, intent: 'informational' }],
        secondary_keywords: [],
        long_tail_keywords: [],
        question_keywords: [],
        industry_terms: [],
        trending_terms: [],
        // More than the pipeline asks for; it keeps as many as the research depth needs.
        search_queries: Array.from(
          { length: 60 },
          (_, n) => `ai implementation mid-market evidence ${n + 1}`,
        ),
      });
    case 'extraction': {
      const sources = promptSources(prompt);
      const invented = faults.inventedStatistic;
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
          ...(invented
            ? sources.slice(0, 1).map(({ id }) => ({
                value: invented,
                label: 'executives who say AI is overhyped',
                context: null,
                type: statisticType(invented),
                source_id: id,
              }))
            : []),
        ],
        quotes: sources
          .filter(({ article }) => article.paragraphs.some((p) => p.includes('Dana Whitfield')))
          .slice(0, 1)
          .map(({ id }) => ({
            text: 'The companies that win treat AI as an operating model change, not a technology purchase',
            attribution: 'Dana Whitfield',
            role: 'Managing Partner, Northbridge Consulting',
            source_id: id,
          })),
      });
    }
    case 'synthesis':
      return structuredReply({
        summary: 'Adoption is rising; returns are uneven.',
        themes: ['ROI'],
        key_findings: [],
        gaps: [],
      });
    case 'industry_analysis':
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
    case 'outline': {
      const statistics = promptStatistics(prompt);
      return structuredReply({
        title: 'AI in the Mid-Market: From Pilots to Returns',
        subtitle: 'What the evidence says about adoption, returns and buying',
        executive_summary_points: ['Adoption is rising', 'Returns are uneven', 'Buying is formalising'],
        sections: Array.from({ length: options.sections }, (_, index) => {
          const mine = statistics.filter((_, i) => i % options.sections === index).slice(0, perSection);
          return {
            label: `Step ${index + 1}:`,
            title: `Part ${index + 1} of the Roadmap`,
            key_point: `Part ${index + 1} matters.`,
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
        quotes_placement: [...prompt.matchAll(/^- (quote_\d+):/gm)]
          .slice(0, 1)
          .map((match) => ({ quote_id: match[1], section: 1 })),
      });
    }
    case 'section': {
      const statistics = promptStatistics(prompt).slice(0, perSection);
      const first = statistics[0]?.source ?? 1;
      const invented = faults.inventedSentenceFigure;
      return structuredReply({
        lead_paragraph: `The evidence is consistent across the sources [${first}].`,
        body_paragraphs: [
          statistics.map((s) => `Research finds ${s.value} for ${s.label} [${s.source}].`).join(' ') ||
            'No figures here.',
          `Leaders report steady progress [${first}].${invented ? ` Meanwhile ${invented} of CFOs expect budgets to double [${first}].` : ''}`,
        ],
        subsections: [],
        callout: null,
        statistics_used: statistics.map((statistic) => statistic.id),
      });
    }
    case 'summary':
      return structuredReply({
        summary: 'Mid-market firms are turning AI pilots into production systems [1].',
      });
    case 'conclusion':
      return structuredReply({
        title: 'The Bottom Line',
        lead: 'Progress is real but uneven [1].',
        content: 'Firms that measure early scale faster [1].',
        key_takeaways: ['Start with one process', 'Measure from week one'],
        cta: 'Talk to us about your AI roadmap.',
      });
    default:
      return errorReply(400, { message: `Unscripted request with schema keys ${keys(request).join(', ')}` });
  }
}

/** Starts the fake Anthropic API answering as described in the module comment. */
export async function startScriptedClaude(options: ScriptedClaudeOptions): Promise<ScriptedClaude> {
  const calls: ModelCall[] = [];
  const articleUrl = (article: FakeArticle, mirror = 1) => {
    const site = article.site.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return `http://${site}-${mirror}.example:${options.web.port}${article.path}`;
  };
  const fake = await startFakeAnthropic({
    respond: (request) => {
      if (scripted.outage) return overloaded();
      const task = taskOf(request);
      const start = performance.now();
      const { latencyMs } = scripted;
      calls.push({ task, start, end: start + latencyMs });
      return { ...answer(task, request, options, articleUrl), delayMs: latencyMs };
    },
  });
  const scripted: ScriptedClaude = {
    fake,
    latencyMs: options.latencyMs ?? 0,
    outage: false,
    calls,
    sourceCount: FAKE_ARTICLES.length * (options.mirrors ?? 1),
    articleUrl,
    overload: (count) => fake.enqueue(...Array.from({ length: count }, overloaded)),
    close: () => fake.close(),
  };
  return scripted;
}

/**
 * Resolves every `*.example` hostname to loopback, where the fake web answers for any `Host` and
 * the research fetcher's test allowlist lets it through; real DNS for everything else. Patches
 * the `node:dns/promises` module itself (every importer in the process sees it); returns the undo.
 */
function resolveExampleHostsToLoopback(): () => void {
  const realLookup = dns.lookup;
  dns.lookup = (async (hostname: string, options?: { all?: boolean }) => {
    if (!hostname.endsWith('.example')) return realLookup(hostname, options as never);
    const address: LookupAddress = { address: '127.0.0.1', family: 4 };
    return options?.all ? [address] : address;
  }) as typeof dns.lookup;
  syncBuiltinESMExports();
  return () => {
    dns.lookup = realLookup;
    syncBuiltinESMExports();
  };
}

export interface GenerationStageOptions extends Omit<ScriptedClaudeOptions, 'web'> {
  /** More process environment, set before the cloud starts (e.g. the model gateway's retries). */
  readonly env?: Readonly<Record<string, string>>;
  /** Scales the per-IP and per-user limits (see `startTestCloud`). */
  readonly rateLimitMultiplier?: number;
}

/** A seeded cloud ready to generate with {@link ScriptedClaude} on the platform's key. */
export interface GenerationStage {
  readonly cloud: TestCloud;
  readonly web: FakeWeb;
  readonly claude: ScriptedClaude;
  /** The demo agency (Enterprise: it runs on the platform's key). */
  readonly agency: AgencyItem;
  /** One of its active clients. */
  readonly client: ClientItem;
  /** An agency admin's access token. */
  readonly token: string;
  /** `POST …/documents/generate` for {@link client}: the 202 answer's ids (throws on any other). */
  generate(topic: string): Promise<{ document_id: string; job_id: string }>;
  /** The document once it left `pending`/`generating` (throws when it has not by the timeout). */
  settled(documentId: string, timeoutMs?: number): Promise<DocumentItem>;
  /** Stops the cloud, the fakes and the DNS redirection. */
  close(): Promise<void>;
}

/**
 * Starts the fake web, the scripted Claude and a seeded test cloud pointed at them
 * (`ANTHROPIC_BASE_URL`, `RESEARCH_FETCH_ALLOWLIST`, `*.example` resolved to loopback), and stores
 * the fake's key as the platform's Anthropic key.
 */
export async function startGenerationStage(options: GenerationStageOptions): Promise<GenerationStage> {
  const { env: extraEnv, rateLimitMultiplier, ...claudeOptions } = options;
  const restoreDns = resolveExampleHostsToLoopback();
  const web = await startFakeWeb();
  const claude = await startScriptedClaude({ ...claudeOptions, web });
  Object.assign(process.env, {
    ...extraEnv,
    ANTHROPIC_BASE_URL: claude.fake.url,
    RESEARCH_FETCH_ALLOWLIST: web.host,
  });
  const cloud = await startTestCloud({ rateLimitMultiplier });
  const close = async () => {
    await cloud.destroy();
    await Promise.all([claude.close(), web.close()]);
    restoreDns();
  };
  try {
    const secrets = new SecretsManagerClient({});
    await secrets.send(
      new CreateSecretCommand({
        Name: env().ANTHROPIC_PLATFORM_KEY_SECRET_ID,
        SecretString: FAKE_ANTHROPIC_KEY,
      }),
    );
    secrets.destroy();
    const agency = await agencyBySlug('demo');
    const token = await tokenForRole(agency.id, 'agency_admin');
    const clients = (await service().entities.client.query.byId({ agency_id: agency.id }).go()).data;
    const client = clients.find((each) => each.is_active);
    if (!client) throw new Error('the demo agency has no active client');
    return {
      cloud,
      web,
      claude,
      agency,
      client,
      token,
      async generate(topic) {
        const answer = await callApi(cloud, 'POST', `/api/v1/clients/${client.id}/documents/generate`, {
          agency: 'demo',
          bearer: token,
          body: { topic },
        });
        if (answer.status !== 202) throw new Error(`generate answered ${answer.status}: ${answer.text}`);
        return answer.body.data as { document_id: string; job_id: string };
      },
      async settled(documentId, timeoutMs = 120_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const { data } = await service()
            .entities.document.get({ agency_id: agency.id, id: documentId })
            .go({ consistent: true });
          if (!data) throw new Error(`document ${documentId} vanished`);
          if (data.status === 'ready' || data.status === 'failed') return data;
          if (Date.now() > deadline) throw new Error(`document ${documentId} still ${data.status}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
