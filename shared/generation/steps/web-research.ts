/**
 * Step 3, web research (PRD §7.2.3), the differentiator, as four kinds of task:
 *
 * 1. `searchBatch` (the `SearchSources` Map, in parallel): one web-search request per batch of
 *    the keyword step's queries → `web_research/search-{n}`.
 * 2. `readSources`: all hits deduplicated by normalised URL, scored (PRD formula) and selected
 *    (research depth from the topic analysis, at most a few per domain), then read in rank order
 *    with a concurrency cap until the target is reached — "Reading 47 of ~120 sources" — and the
 *    read texts stored in batches → `web_research/read-{n}`, numbered 1…k in rank order.
 * 3. `extractBatch` (the `ExtractFindings` Map, in parallel): insights, statistics and quotes of
 *    one batch, each tied to a source number; a statistic is kept only if its value appears in
 *    the fetched text of the source it cites, a quote only if its words do → `web_research/extract-{n}`.
 * 4. `synthesizeResearch`: everything joined, statistics and quotes numbered, the synthesis
 *    written → the `web_research` artifact that the later steps read.
 */
import { z } from 'zod';
import { extractInsights } from '../../research/extract-insights.ts';
import { readSources as readAll } from '../../research/read-sources.ts';
import { researchDepth, scoreSources, selectSources } from '../../research/score-sources.ts';
import { dedupeHits } from '../../research/source-urls.ts';
import { synthesizeResearch as synthesize } from '../../research/synthesize-research.ts';
import { getArtifact, putArtifact } from '../artifacts.ts';
import { GenerationError, type GenerationRef } from '../job-lifecycle.ts';
import type { StepContext } from '../step-task.ts';
import { KeywordArtifactSchema, planBatches } from './keyword-research.ts';
import { briefBlock } from './prompt-parts.ts';
import {
  type ResearchArtifact,
  ResearchInsightSchema,
  ResearchQuoteSchema,
  ResearchSourceSchema,
  ResearchStatisticSchema,
} from './research-artifact.ts';
import { TopicAnalysisArtifactSchema } from './topic-analysis.ts';

const HitSchema = z.object({
  url: z.string(),
  title: z.string(),
  snippet: z.string(),
  page_age: z.string().nullable(),
  query: z.string(),
});
const SearchArtifactSchema = z.object({ hits: z.array(HitSchema) });

/** A source that was read, with its text. */
const ReadResearchSourceSchema = ResearchSourceSchema.extend({ text: z.string() });
export type ReadResearchSource = z.infer<typeof ReadResearchSourceSchema>;
const ReadBatchSchema = z.object({ sources: z.array(ReadResearchSourceSchema) });

const PlanSchema = z.object({
  started_at: z.string(),
  sources_found: z.number().int(),
  sources_selected: z.number().int(),
  sources_read: z.number().int(),
  failures: z.record(z.string(), z.number().int()),
  batches: z.number().int(),
});

/**
 * Sources read at once: more for deeper research, so 500 sources (with some slow sites at the
 * reader's 15 s budget) still fit the task's time.
 */
const readConcurrency = (candidates: number) => Math.min(32, Math.max(8, Math.ceil(candidates / 16)));
/**
 * Sources per extraction request: enough context per call, small enough to run many in parallel
 * (more when the batch cap requires).
 */
export const SOURCES_PER_EXTRACT_BATCH = 8;
/**
 * Source text per extraction request: 8 000 characters of each of 8 sources. A batch grown by
 * the batch cap (deep research) shares it, down to a floor per source, so the prompt stays well
 * inside the model's context window (500 sources in 6 batches: 84 × 1 500 characters).
 */
const EXTRACT_CHARS_PER_REQUEST = SOURCES_PER_EXTRACT_BATCH * 8_000;
const MIN_EXTRACT_CHARS_PER_SOURCE = 1_500;

/** Runs one batch of the keyword step's queries and stores the hits. */
export async function searchBatch(context: StepContext, batch: number): Promise<number> {
  const [keywords, analysis] = await Promise.all([
    getArtifact(context.ref, 'keyword_research', KeywordArtifactSchema),
    getArtifact(context.ref, 'topic_analysis', TopicAnalysisArtifactSchema),
  ]);
  const queries = keywords.query_batches[batch];
  if (!queries) throw new GenerationError('GEN_001', `There is no search batch ${batch}`);
  await context.progress({ detail: `Searching the web for “${queries[0]}”` });
  const model = await context.model();
  const { value: hits } = await model.webSearch({
    step: 'web_research',
    topic: analysis.refined_topic,
    queries,
  });
  await putArtifact(context.ref, `web_research/search-${batch}`, { hits });
  return hits.length;
}

/**
 * Deduplicates, scores and selects the search hits, reads the best of them and stores the texts
 * in extraction batches; returns the batch numbers.
 */
export async function readSources(context: StepContext): Promise<{ extract_batches: number[] }> {
  const startedAt = context.run.job.step_timings.web_research?.started_at ?? new Date().toISOString();
  const [keywords, analysis] = await Promise.all([
    getArtifact(context.ref, 'keyword_research', KeywordArtifactSchema),
    getArtifact(context.ref, 'topic_analysis', TopicAnalysisArtifactSchema),
  ]);
  const searches = await Promise.all(
    keywords.query_batches.map((_, batch) =>
      getArtifact(context.ref, `web_research/search-${batch}`, SearchArtifactSchema),
    ),
  );
  const found = dedupeHits(searches.flatMap((search) => search.hits));
  const depth = researchDepth(analysis.estimated_sources_needed);
  const ranked = scoreSources(found, { topic: analysis.refined_topic, keyConcepts: analysis.key_concepts });
  const selected = selectSources(ranked, { limit: depth.candidates });
  const expected = Math.min(depth.target, selected.length);
  await context.progress({
    detail: `Found ${found.length} sources; reading the best ~${expected}`,
    fraction: 0.2,
  });

  const { outcomes, failures } = await readAll(selected, await context.sourceReader(), {
    concurrency: readConcurrency(selected.length),
    enough: depth.target,
    onProgress: (_done, _total, read) =>
      context.progress({
        detail: `Reading ${read} of ~${expected} sources`,
        fraction: 0.2 + 0.5 * Math.min(1, read / Math.max(1, expected)),
      }),
  });
  // Numbered 1…k in rank order by `readSources`, whatever order the reads finished in.
  const read: ReadResearchSource[] = outcomes.flatMap((outcome) =>
    outcome.status === 'read'
      ? [
          {
            id: outcome.source.id,
            url: outcome.source.url,
            title: (outcome.source.title || outcome.candidate.title).slice(0, 400),
            domain: outcome.candidate.domain,
            publisher: null,
            published_at: outcome.source.published_at,
            accessed_at: outcome.source.fetched_at,
            relevance_score: outcome.candidate.score,
            snippet: outcome.candidate.snippet,
            text: outcome.source.text,
          },
        ]
      : [],
  );
  if (read.length === 0) {
    throw new GenerationError('GEN_002', `None of the ${selected.length} sources found could be read`);
  }
  const batches = planBatches(read, SOURCES_PER_EXTRACT_BATCH);
  await Promise.all(
    batches.map((sources, batch) => putArtifact(context.ref, `web_research/read-${batch}`, { sources })),
  );
  await putArtifact(context.ref, 'web_research/plan', {
    started_at: startedAt,
    sources_found: found.length,
    sources_selected: selected.length,
    sources_read: read.length,
    failures,
    batches: batches.length,
  });
  return { extract_batches: batches.map((_, batch) => batch) };
}

/** Every read source's title and text by source number (for provenance checks). */
export async function readSourceTexts(
  ref: GenerationRef,
): Promise<Map<number, { title: string; text: string }>> {
  const plan = await getArtifact(ref, 'web_research/plan', PlanSchema);
  const batches = await Promise.all(
    Array.from({ length: plan.batches }, (_, batch) =>
      getArtifact(ref, `web_research/read-${batch}`, ReadBatchSchema),
    ),
  );
  return new Map(
    batches.flatMap((batch) =>
      batch.sources.map((source) => [source.id, { title: source.title, text: source.text }]),
    ),
  );
}

const ExtractArtifactSchema = z.object({
  insights: z.array(ResearchInsightSchema),
  statistics: z.array(ResearchStatisticSchema.omit({ id: true })),
  quotes: z.array(ResearchQuoteSchema.omit({ id: true })),
  extracted: z.number().int(),
  dropped: z.number().int(),
});

/** Extracts the findings of read batch `batch` and keeps what its sources support. */
export async function extractBatch(context: StepContext, batch: number): Promise<number> {
  const [{ sources }, analysis] = await Promise.all([
    getArtifact(context.ref, `web_research/read-${batch}`, ReadBatchSchema),
    getArtifact(context.ref, 'topic_analysis', TopicAnalysisArtifactSchema),
  ]);
  const plan = await getArtifact(context.ref, 'web_research/plan', PlanSchema);
  await context.progress({
    detail: `Extracting findings from ${plan.sources_read} sources (batch ${batch + 1} of ${plan.batches})`,
    fraction: 0.7 + 0.25 * (batch / Math.max(1, plan.batches)),
  });
  const extraction = await extractInsights({
    gateway: await context.model(),
    topic: analysis.refined_topic,
    keyConcepts: analysis.key_concepts,
    sources,
    brief: briefBlock(context.brief),
    maxCharsPerSource: Math.max(
      MIN_EXTRACT_CHARS_PER_SOURCE,
      Math.floor(EXTRACT_CHARS_PER_REQUEST / Math.max(1, sources.length)),
    ),
  });
  await putArtifact(context.ref, `web_research/extract-${batch}`, {
    insights: extraction.insights,
    statistics: extraction.statistics.map(({ value, label, context: about, type, source_id }) => ({
      value,
      label,
      context: about,
      type,
      source_id,
    })),
    quotes: extraction.quotes,
    extracted: extraction.statistics.length + extraction.dropped.statistics.length,
    dropped: extraction.dropped.statistics.length,
  });
  return extraction.statistics.length;
}

/** Joins the batches, numbers statistics and quotes, writes the synthesis; stores `web_research`. */
export async function synthesizeResearch(context: StepContext): Promise<ResearchArtifact> {
  const [plan, analysis] = await Promise.all([
    getArtifact(context.ref, 'web_research/plan', PlanSchema),
    getArtifact(context.ref, 'topic_analysis', TopicAnalysisArtifactSchema),
  ]);
  const batches = Array.from({ length: plan.batches }, (_, batch) => batch);
  const [reads, extracts] = await Promise.all([
    Promise.all(
      batches.map((batch) => getArtifact(context.ref, `web_research/read-${batch}`, ReadBatchSchema)),
    ),
    Promise.all(
      batches.map((batch) =>
        getArtifact(context.ref, `web_research/extract-${batch}`, ExtractArtifactSchema),
      ),
    ),
  ]);
  const sources = reads.flatMap((read) => read.sources.map(({ text: _text, ...source }) => source));
  const found = extracts;
  const statistics = found
    .flatMap((extract) => extract.statistics)
    .map((s, i) => ({ ...s, id: `stat_${i + 1}` }));
  const quotes = found.flatMap((extract) => extract.quotes).map((q, i) => ({ ...q, id: `quote_${i + 1}` }));
  const insights = found.flatMap((extract) => extract.insights);
  await context.progress({ detail: `Synthesising findings from ${sources.length} sources`, fraction: 0.95 });
  const { synthesis } = await synthesize({
    gateway: await context.model(),
    topic: analysis.refined_topic,
    keyConcepts: analysis.key_concepts,
    brief: briefBlock(context.brief),
    sources,
    insights,
    statistics,
  });
  const artifact: ResearchArtifact = {
    sources,
    insights,
    statistics,
    quotes,
    synthesis,
    counts: {
      sources_found: plan.sources_found,
      sources_selected: plan.sources_selected,
      sources_read: plan.sources_read,
      sources_failed: Object.values(plan.failures).reduce((sum, count) => sum + count, 0),
      statistics_extracted: found.reduce((sum, extract) => sum + extract.extracted, 0),
      statistics_verified: statistics.length,
      statistics_dropped: found.reduce((sum, extract) => sum + extract.dropped, 0),
    },
    started_at: plan.started_at,
    completed_at: new Date().toISOString(),
  };
  await putArtifact(context.ref, 'web_research', artifact);
  return artifact;
}
