/**
 * The end of a successful run (after the twelve PRD steps): the document becomes `ready` with its
 * durations, research summary (PRD `research_sources`, `research_source_count`,
 * `research_duration_seconds`), final `api_cost_cents` and `expires_at` (created + 3 years,
 * PRD §1); the job is closed; then the client's statistics count the document, the agency's
 * webhook hears of it and the run's watchers get the completion message. Safe to run again: the same values are written,
 * and the client statistics count a document once.
 */

import { addYears, nowIso } from '../data/time.ts';
import { recordDocumentCompleted } from '../documents/client-stats.ts';
import { nanoUsdToCents } from '../llm/pricing.ts';
import { logger } from '../log.ts';
import { notifyGenerationWebhook } from '../webhooks/generation-webhook.ts';
import { getArtifact } from './artifacts.ts';
import { type GenerationRef, loadRun, updateRun } from './job-lifecycle.ts';
import { publishCompletion } from './progress.ts';
import { type ResearchArtifact, ResearchArtifactSchema } from './steps/research-artifact.ts';

/** Sources listed on the document item (all of them stay in the research artifact). */
const LISTED_SOURCES = 100;
const SNIPPET_CHARS = 300;

const seconds = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** The document's research summary fields. */
export function researchSummary(research: ResearchArtifact) {
  return {
    research_sources: research.sources.slice(0, LISTED_SOURCES).map((source) => ({
      url: source.url,
      title: source.title,
      domain: source.domain,
      snippet: source.snippet.slice(0, SNIPPET_CHARS),
      accessed_at: source.accessed_at,
      relevance_score: source.relevance_score,
    })),
    research_source_count: research.sources.length,
    research_duration_seconds: seconds(research.started_at, research.completed_at),
  };
}

/** Marks the run finished and notifies everyone who should know. */
export async function finalizeGeneration(ref: GenerationRef): Promise<void> {
  const [{ document, job }, research] = await Promise.all([
    loadRun(ref),
    getArtifact(ref, 'web_research', ResearchArtifactSchema),
  ]);
  const completedAt = document.generation_completed_at ?? nowIso();
  const startedAt = document.generation_started_at ?? job.started_at ?? document.created_at;
  await updateRun(ref, document, {
    document: {
      status: 'ready',
      generation_completed_at: completedAt,
      generation_duration_seconds: seconds(startedAt, completedAt),
      ...researchSummary(research),
      // Every charge of the run has landed: the cost rounded up once, at the final total.
      api_cost_cents: nanoUsdToCents(document.api_cost_nano_usd ?? 0),
      expires_at: addYears(document.created_at, 3),
    },
    job: {
      completed_at: job.completed_at ?? completedAt,
      total_duration_ms: Math.max(0, Date.parse(completedAt) - Date.parse(job.started_at ?? startedAt)),
    },
  });
  await recordDocumentCompleted(ref.agency_id, ref.document_id);
  try {
    await notifyGenerationWebhook(ref.agency_id, ref.document_id, 'document.completed');
  } catch (error) {
    // The document is ready whatever the receiver does; a delivery problem is the agency's to see.
    logger.warn('generation webhook failed', { ...ref, error: error as Error });
  }
  await publishCompletion(ref);
}
