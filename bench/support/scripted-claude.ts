/**
 * The model side of the generation benchmark: the fake Anthropic API (`tests/support/fake-anthropic.ts`,
 * the real wire format) scripted to answer every pipeline task of a report with a fixed number of
 * sections, each answer held back by the same latency, and every call logged with the time it was
 * answered and the latency it was given.
 *
 * The research it drives is the fake web's articles mirrored on many realistic hostnames (each
 * mirror a distinct source to the pipeline), so the keyword, search, reading and extraction
 * fan-outs take the width the pipeline's own rules give them for the research depth asked for.
 */

import {
  errorReply,
  type FakeAnthropic,
  type FakeAnthropicRequest,
  type FakeReply,
  startFakeAnthropic,
  structuredReply,
  webSearchReply,
} from '../../tests/support/fake-anthropic.ts';
import type { FakeArticle } from '../../tests/support/fake-web.ts';
import { FAKE_ARTICLES } from '../../tests/support/fake-web.ts';

/** One model call as the fake saw it (times from `performance.now()`). */
export interface ModelCall {
  /** Which pipeline task asked (from the schema or tool it sent). */
  readonly task: string;
  /** When the request had arrived in full. */
  readonly start: number;
  /** When the answer was due out: `start` plus the latency. */
  readonly end: number;
}

export interface ScriptedClaudeOptions {
  /** Held back before every answer (changeable later through {@link ScriptedClaude.latencyMs}). */
  readonly latencyMs: number;
  /** Sections the outline asks for (and the topic analysis recommends). */
  readonly sections: number;
  /** The topic analysis' `estimated_sources_needed`: the research depth. */
  readonly sourcesNeeded: number;
  /** Port of the fake web. */
  readonly webPort: number;
  /** Hostnames each article is mirrored on. */
  readonly mirrors: number;
}

export interface ScriptedClaude {
  readonly fake: FakeAnthropic;
  /** Held back before every answer from now on. */
  latencyMs: number;
  /** Every call answered so far, in arrival order. */
  readonly calls: ModelCall[];
  /** Distinct sources the searches return. */
  readonly sourceCount: number;
  close(): Promise<void>;
}

/** A mirror of an article: the same page under its own `*.example` host (resolved to the fake web). */
function mirrorUrl(article: FakeArticle, mirror: number, port: number): string {
  const site = article.site.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return `http://${site}-${mirror}.example:${port}${article.path}`;
}

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

/** Statistics a section is given in the outline (a report shows at most a dozen in all). */
const STATISTICS_PER_SECTION = 2;

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
  return tasks.find(([key]) => has(request, key))?.[1] ?? 'unscripted';
}

function answer(task: string, request: FakeAnthropicRequest, options: ScriptedClaudeOptions): FakeReply {
  const { prompt } = request;
  switch (task) {
    case 'web_search':
      return webSearchReply([
        {
          query: 'ai implementation mid-market',
          results: FAKE_ARTICLES.flatMap((article) =>
            Array.from({ length: options.mirrors }, (_, mirror) => ({
              url: mirrorUrl(article, mirror + 1, options.webPort),
              title: article.title,
              page_age: article.pageAge,
            })),
          ),
        },
      ]);
    case 'topic_analysis':
      return structuredReply({
        refined_topic: 'Strategic AI Implementation for Mid-Market Enterprises',
        topic_scope: 'medium',
        complexity_level: 'intermediate',
        target_audience: 'C-level executives at companies with 500-5000 employees',
        key_concepts: ['AI strategy', 'implementation roadmap', 'ROI measurement', 'vendor selection'],
        related_topics: ['data infrastructure'],
        recommended_sections: options.sections,
        research_depth: 'deep',
        estimated_sources_needed: options.sourcesNeeded,
        content_angle: 'Practical, action-oriented guide',
        potential_statistics_topics: ['AI adoption rates', 'ROI benchmarks'],
        industry_specific_considerations: ['Competitive pressure'],
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
      return structuredReply({
        insights: sources.map(({ id, article }) => ({ text: article.snippet, source_ids: [id] })),
        statistics: sources.flatMap(({ id, article }) =>
          article.statistics.map((statistic) => ({
            value: statistic.value,
            label: statistic.context,
            context: null,
            type: statisticType(statistic.value),
            source_id: id,
          })),
        ),
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
          const mine = statistics.slice(index * STATISTICS_PER_SECTION, (index + 1) * STATISTICS_PER_SECTION);
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
      const statistics = promptStatistics(prompt).slice(0, STATISTICS_PER_SECTION);
      const first = statistics[0]?.source ?? 1;
      return structuredReply({
        lead_paragraph: `The evidence is consistent across the sources [${first}].`,
        body_paragraphs: [
          statistics.map((s) => `Research finds ${s.value} for ${s.label} [${s.source}].`).join(' ') ||
            'No figures here.',
          `Leaders report steady progress [${first}].`,
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
  const fake = await startFakeAnthropic({
    respond: (request) => {
      const task = taskOf(request);
      const start = performance.now();
      const { latencyMs } = scripted;
      calls.push({ task, start, end: start + latencyMs });
      return { ...answer(task, request, options), delayMs: latencyMs };
    },
  });
  const scripted: ScriptedClaude = {
    fake,
    latencyMs: options.latencyMs,
    calls,
    sourceCount: FAKE_ARTICLES.length * options.mirrors,
    close: () => fake.close(),
  };
  return scripted;
}
