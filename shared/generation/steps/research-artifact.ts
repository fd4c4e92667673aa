/**
 * The research a run gathered (the `web_research` artifact), in the form the later steps read:
 * numbered sources that were actually retrieved, insights, statistics whose values were found in
 * their source's text, quotes, and the synthesis. The fetched text of each source stays in the
 * per-batch `web_research/read-{n}` artifacts, where provenance checks read it.
 */
import { z } from 'zod';
import { STATISTIC_TYPES } from '../../content/document-content.ts';
import { SynthesisSchema } from '../../research/research-schemas.ts';

export const ResearchSourceSchema = z.object({
  /** Rank of the source among the candidates (1 = most relevant); cited as `[id]` in drafts. */
  id: z.number().int().positive(),
  url: z.string(),
  title: z.string(),
  domain: z.string(),
  publisher: z.string().nullable(),
  published_at: z.string().nullable(),
  accessed_at: z.string(),
  relevance_score: z.number(),
  /** What the search showed of it. */
  snippet: z.string(),
});
export type ResearchSource = z.infer<typeof ResearchSourceSchema>;

export const ResearchStatisticSchema = z.object({
  /** `stat_{n}`, unique within the run. */
  id: z.string(),
  /** As written in the source ("73%", "$1.2M"). */
  value: z.string(),
  label: z.string(),
  context: z.string().nullable(),
  type: z.enum(STATISTIC_TYPES),
  source_id: z.number().int().positive(),
});
export type ResearchStatistic = z.infer<typeof ResearchStatisticSchema>;

export const ResearchQuoteSchema = z.object({
  /** `quote_{n}`, unique within the run. */
  id: z.string(),
  text: z.string(),
  attribution: z.string(),
  role: z.string().nullable(),
  source_id: z.number().int().positive(),
});
export type ResearchQuote = z.infer<typeof ResearchQuoteSchema>;

export const ResearchInsightSchema = z.object({
  text: z.string(),
  source_ids: z.array(z.number().int().positive()),
});
export type ResearchInsight = z.infer<typeof ResearchInsightSchema>;

export const ResearchCountsSchema = z.object({
  /** Distinct candidate URLs the searches found. */
  sources_found: z.number().int().nonnegative(),
  /** Candidates the ranking chose to read. */
  sources_selected: z.number().int().nonnegative(),
  /** Sources actually retrieved with readable text. */
  sources_read: z.number().int().nonnegative(),
  sources_failed: z.number().int().nonnegative(),
  statistics_extracted: z.number().int().nonnegative(),
  /** Statistics whose value appears in their source's fetched text. */
  statistics_verified: z.number().int().nonnegative(),
  /** Statistics dropped because their value is not in their source's text. */
  statistics_dropped: z.number().int().nonnegative(),
});
export type ResearchCounts = z.infer<typeof ResearchCountsSchema>;

export const ResearchArtifactSchema = z.object({
  sources: z.array(ResearchSourceSchema),
  insights: z.array(ResearchInsightSchema),
  /** Verified statistics only. */
  statistics: z.array(ResearchStatisticSchema),
  quotes: z.array(ResearchQuoteSchema),
  synthesis: SynthesisSchema,
  counts: ResearchCountsSchema,
  started_at: z.string(),
  completed_at: z.string(),
});
export type ResearchArtifact = z.infer<typeof ResearchArtifactSchema>;

/** One source as prompts list it: `[id] title — publisher (domain, date)`. */
export function sourceLine(source: ResearchSource): string {
  const meta = [source.domain, source.published_at?.slice(0, 10)].filter(Boolean).join(', ');
  return `[${source.id}] ${source.title}${source.publisher ? ` — ${source.publisher}` : ''} (${meta})`;
}

/** One statistic as prompts list it: `stat_3: 64% — label [source 2]`. */
export function statisticLine(statistic: ResearchStatistic): string {
  return `${statistic.id}: ${statistic.value} — ${statistic.label} [${statistic.source_id}]`;
}
