/**
 * Step 2, keyword research (PRD §7.2.2): the topic's keywords expanded and prioritised, and the
 * search queries web research runs, grouped into batches, one web-search request each, which the
 * state machine runs in parallel (the `SearchSources` Map). How many queries follows the research depth
 * (`researchDepth`): enough searches to discover about twice the sources the topic needs.
 */
import { z } from 'zod';
import { researchDepth } from '../../research/score-sources.ts';
import { getArtifact, putArtifact } from '../artifacts.ts';
import type { StepContext } from '../step-task.ts';
import { ANALYST_SYSTEM, briefBlock, bulletList } from './prompt-parts.ts';
import { TopicAnalysisArtifactSchema } from './topic-analysis.ts';

const KeywordSchema = z.object({
  term: z.string().min(1),
  search_priority: z.number().int(),
  intent: z.enum(['informational', 'commercial', 'navigational']),
});

/** What the model answers (PRD §7.2.2 `KeywordResearch`). */
export const KeywordResearchSchema = z.object({
  primary_keywords: z.array(KeywordSchema),
  secondary_keywords: z.array(z.string()),
  long_tail_keywords: z.array(z.string()),
  question_keywords: z.array(z.string()),
  industry_terms: z.array(z.string()),
  trending_terms: z.array(z.string()),
  search_queries: z.array(z.string().min(1)).min(1),
});
export type KeywordResearch = z.infer<typeof KeywordResearchSchema>;

/** The step's artifact: the answer plus the queries actually run, in batches. */
export const KeywordArtifactSchema = KeywordResearchSchema.extend({
  query_batches: z.array(z.array(z.string())).min(1),
});
export type KeywordArtifact = z.infer<typeof KeywordArtifactSchema>;

/** Queries per web-search request (more when the batch cap requires): each request lets the model search that many times. */
export const QUERIES_PER_BATCH = 3;

/** Distinct queries (case- and space-insensitive), the model's first, then keyword-derived ones. */
export function planQueries(research: KeywordResearch, topic: string, count: number): string[] {
  const candidates = [
    ...research.search_queries,
    ...research.question_keywords,
    ...[...research.primary_keywords]
      .sort((a, b) => b.search_priority - a.search_priority)
      .map((k) => `${k.term} ${topic}`),
    ...research.long_tail_keywords,
    ...research.industry_terms.map((term) => `${term} statistics`),
  ];
  const seen = new Set<string>();
  const queries: string[] = [];
  for (const candidate of candidates) {
    const query = candidate.replace(/\s+/g, ' ').trim().slice(0, 200);
    const key = query.toLowerCase();
    if (!query || seen.has(key)) continue;
    seen.add(key);
    queries.push(query);
    if (queries.length === count) break;
  }
  return queries;
}

/**
 * The `MaxConcurrency` of the research Maps (`SearchSources`, `ExtractFindings` in
 * generate-document.asl.json): model calls of one run at once, which protects the rate limit of
 * an agency's own Anthropic key. Research never plans more batches than this, so each Map runs
 * in one wave (a second wave would add a model call to the critical path).
 */
export const RESEARCH_MAP_CONCURRENCY = 6;

/**
 * Splits `items` into consecutive batches of about `size`, but never more than `maxBatches` of
 * them: then the batches grow instead, their sizes differing by at most one.
 */
export function planBatches<T>(
  items: readonly T[],
  size: number,
  maxBatches: number = RESEARCH_MAP_CONCURRENCY,
): T[][] {
  const count = Math.min(maxBatches, Math.ceil(items.length / size));
  const batches: T[][] = [];
  for (let start = 0, index = 0; index < count; index += 1) {
    const length = Math.ceil((items.length - start) / (count - index));
    batches.push(items.slice(start, start + length));
    start += length;
  }
  return batches;
}

/** Researches keywords, stores the `keyword_research` artifact; returns the search batch numbers. */
export async function researchKeywords(context: StepContext): Promise<{ search_batches: number[] }> {
  const analysis = await getArtifact(context.ref, 'topic_analysis', TopicAnalysisArtifactSchema);
  const count = researchDepth(analysis.estimated_sources_needed).searches;
  const model = await context.model();
  const { value } = await model.structured({
    step: 'keyword_research',
    task: 'keyword_research',
    system: ANALYST_SYSTEM,
    prompt: [
      'Plan the keyword research and the web searches for this report.',
      '',
      briefBlock(context.brief),
      `Refined topic: ${analysis.refined_topic}`,
      `Key concepts:\n${bulletList(analysis.key_concepts)}`,
      `Statistics worth finding:\n${bulletList(analysis.potential_statistics_topics)}`,
      `Industry considerations:\n${bulletList(analysis.industry_specific_considerations)}`,
      '',
      'Expand the user keywords, rank the primary ones by search priority (1–10) with their intent, and',
      `write at least ${count} distinct, complete web search queries that would find authoritative`,
      'research, surveys, benchmarks and expert analysis on the topic (not vendor marketing pages).',
    ].join('\n'),
    schema: KeywordResearchSchema,
    facts: { brief: context.brief, analysis, query_count: count },
  });
  const queries = planQueries(value, analysis.refined_topic, count);
  const artifact: KeywordArtifact = { ...value, query_batches: planBatches(queries, QUERIES_PER_BATCH) };
  await putArtifact(context.ref, 'keyword_research', artifact);
  return { search_batches: artifact.query_batches.map((_, index) => index) };
}
