/**
 * Extraction of insights, statistics and quotes from one batch of read sources (PRD §7.2.3 phase
 * 4) with one structured model call. Tokens are billed, so each source's text is trimmed to the
 * paragraphs that matter most for the topic (those with figures, quotes and key concepts), and
 * what comes back is checked before anyone relies on it: items citing a source outside the batch
 * are discarded, and statistics and quotes must appear in the fetched text of their source.
 */
import type { ModelGateway, ModelUsage } from '../llm/model-gateway.ts';
import {
  type ExtractedInsight,
  type ExtractedQuote,
  type ExtractedStatistic,
  ExtractionSchema,
} from './research-schemas.ts';
import { contentTerms } from './score-sources.ts';
import {
  citingKnownSources,
  type StatisticDropReason,
  verifyQuotes,
  verifyStatistics,
} from './verify-statistics.ts';

/** A read source as extraction needs it. */
export interface ExtractableSource {
  id: number;
  url: string;
  title: string;
  text: string;
  published_at?: string | null;
}

export interface ExtractInsightsOptions {
  gateway: Pick<ModelGateway, 'structured'>;
  /** The refined topic. */
  topic: string;
  keyConcepts: readonly string[];
  sources: readonly ExtractableSource[];
  /** Brief lines (audience, direction…) added to the prompt as given. */
  brief?: string;
  system?: string;
  /** About how many characters of each source the prompt carries (default 8 000). */
  maxCharsPerSource?: number;
}

export interface ExtractInsightsResult {
  insights: ExtractedInsight[];
  /** Statistics whose value appears in their source's text. */
  statistics: ExtractedStatistic[];
  /** Quotes whose words appear in their source's text. */
  quotes: ExtractedQuote[];
  dropped: {
    statistics: Array<{ statistic: ExtractedStatistic; reason: StatisticDropReason }>;
    quotes: Array<{ quote: ExtractedQuote; reason: 'unknown_source' | 'not_in_source' }>;
    /** Insights left without a source of this batch. */
    insights: number;
  };
  usage: ModelUsage[];
}

export const EXTRACTION_SYSTEM =
  'You are a meticulous research analyst. You extract only what the given sources state, for a ' +
  'thought-leadership report. You never invent, round, convert, combine or compute figures, and ' +
  'you never paraphrase a quote. You answer with JSON that matches the schema.';

const ELISION = '[…]';

/**
 * `text` cut to about `maxChars`: its lead paragraph, then the paragraphs with the most figures,
 * quotations and topic terms, kept in their original order with `[…]` where paragraphs were left out.
 */
export function trimSourceText(text: string, maxChars: number, focusTerms: ReadonlySet<string>): string {
  if (text.length <= maxChars) return text;
  const paragraphs = text.split('\n').filter((paragraph) => paragraph.trim());
  const ranked = paragraphs
    .map((paragraph, index) => {
      const terms = contentTerms(paragraph);
      let score = index === 0 ? 100 : 0;
      for (const term of focusTerms) if (terms.has(term)) score += 1;
      if (/\d/.test(paragraph)) score += 2;
      if (/["“”]/.test(paragraph)) score += 1;
      return { index, score, length: paragraph.length + 1 };
    })
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: number[] = [];
  let used = 0;
  for (const { index, length } of ranked) {
    if (used + length > maxChars) continue;
    chosen.push(index);
    used += length;
  }
  if (chosen.length === 0) return text.slice(0, maxChars);
  chosen.sort((a, b) => a - b);
  const parts: string[] = [];
  chosen.forEach((index, position) => {
    if (position > 0 && index !== (chosen[position - 1] as number) + 1) parts.push(ELISION);
    parts.push(paragraphs[index] as string);
  });
  if ((chosen.at(-1) as number) < paragraphs.length - 1) parts.push(ELISION);
  return parts.join('\n');
}

function attribute(value: string): string {
  return value.replace(/["<>\n]/g, ' ').trim();
}

/** The extraction prompt for a batch (exported for tests and token estimates). */
export function extractionPrompt(options: Omit<ExtractInsightsOptions, 'gateway' | 'system'>): string {
  const maxChars = options.maxCharsPerSource ?? 8_000;
  const focus = contentTerms(`${options.topic} ${options.keyConcepts.join(' ')}`);
  const sources = options.sources.map((source) => {
    const date = source.published_at ? ` date="${source.published_at.slice(0, 10)}"` : '';
    return `<source id="${source.id}" title="${attribute(source.title)}"${date}>\n${trimSourceText(source.text, maxChars, focus)}\n</source>`;
  });
  return [
    `Topic: ${options.topic}`,
    options.keyConcepts.length ? `Key concepts: ${options.keyConcepts.join('; ')}` : '',
    options.brief ?? '',
    '',
    ...sources,
    '',
    'From these sources, extract for a report on the topic:',
    '- insights: findings relevant to the topic, each with the ids of every source that supports it;',
    '- statistics: figures relevant to the topic, value exactly as the source writes it (never rounded,',
    '  converted or computed), what it measures, one sentence of context, the year it refers to if stated;',
    '- quotes: verbatim statements by named people, with their name and role.',
    'Cite only the source an item comes from. Skip anything off-topic, promotional or unattributed.',
    'Prefer fewer, stronger items: at most 5 statistics and 2 quotes per source.',
  ]
    .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
    .join('\n');
}

/**
 * Insights, statistics and quotes of one batch of read sources, each tied to its source id, with
 * statistics and quotes that their source does not state dropped (and counted).
 */
export async function extractInsights(options: ExtractInsightsOptions): Promise<ExtractInsightsResult> {
  const { value, usage } = await options.gateway.structured({
    step: 'web_research',
    task: 'extract_insights',
    system: options.system ?? EXTRACTION_SYSTEM,
    prompt: extractionPrompt(options),
    schema: ExtractionSchema,
    facts: { sources: options.sources.map(({ id, url }) => ({ id, url })) },
  });
  const texts = new Map(options.sources.map((source) => [source.id, source]));
  const insights = citingKnownSources(value.insights, texts);
  const statistics = verifyStatistics(value.statistics, texts);
  const quotes = verifyQuotes(value.quotes, texts);
  return {
    insights,
    statistics: statistics.verified,
    quotes: quotes.verified,
    dropped: {
      statistics: statistics.dropped,
      quotes: quotes.dropped,
      insights: value.insights.length - insights.length,
    },
    usage,
  };
}
