/**
 * The generation status of a document as PRD §6.4 `GET /documents/{id}/status` shows it, in its
 * in-progress, complete and failed variants. A pure function of the document and its current job,
 * so the polling endpoint and the WebSocket messages (which embed this object) always agree, also
 * after a reconnect.
 */
import type { DocumentItem } from '../data/entities/documents.ts';
import type { GenerationJobItem } from '../data/entities/generation-jobs.ts';
import {
  GENERATION_STEPS,
  type GenerationStepId,
  isGenerationStep,
  stepDefinition,
  stepsAfter,
} from '../generation/steps.ts';

/**
 * Expected run time before a run has measured progress: PRD §6.4's example answer, which is also
 * the sum of the lower bounds of the PRD §7.1.1 typical step durations (117 s).
 */
export const ESTIMATED_GENERATION_SECONDS = 120;

/** The document fields the view reads. */
export type StatusDocument = Pick<
  DocumentItem,
  | 'id'
  | 'status'
  | 'title'
  | 'content_json'
  | 'pdf_url'
  | 'pdf_page_count'
  | 'research_source_count'
  | 'generation_queued_at'
  | 'generation_started_at'
  | 'generation_completed_at'
  | 'generation_duration_seconds'
  | 'generation_error_code'
  | 'generation_error_message'
  | 'generation_error_step'
  | 'created_at'
>;

/** The job fields the view reads. */
export type StatusJob = Pick<
  GenerationJobItem,
  | 'id'
  | 'current_step'
  | 'current_step_label'
  | 'current_step_detail'
  | 'steps_completed'
  | 'progress_percent'
  | 'step_timings'
  | 'queued_at'
  | 'started_at'
  | 'completed_at'
  | 'total_duration_ms'
  | 'updated_at'
>;

type StepTimings = GenerationJobItem['step_timings'];

/** PRD §6.4 status answer (also the `status` of WebSocket messages). */
export interface DocumentStatusView {
  document_id: string;
  job_id: string | null;
  status: DocumentItem['status'];
  progress: {
    percent: number;
    /** A step id; `complete` once the document is ready; null before the first step. */
    current_step: GenerationStepId | 'complete' | null;
    current_step_label: string | null;
    current_step_detail: string | null;
    steps_completed: GenerationStepId[];
    steps_remaining: GenerationStepId[];
    step_timings: StepTimings;
  };
  started_at: string | null;
  /** While running: extrapolated from the progress so far (the PRD estimate before any). */
  estimated_completion_at?: string | null;
  result?: {
    title: string;
    pdf_url: string | null;
    page_count: number | null;
    word_count: number | null;
    research_sources_count: number;
  };
  error?: { code: string; message: string; step: string | null };
  completed_at?: string | null;
  duration_seconds?: number | null;
}

const FINISHED = new Set<DocumentItem['status']>(['ready', 'distributed']);

/** Completed step ids in pipeline order (the job records them in completion order). */
function completedSteps(job: StatusJob | null): GenerationStepId[] {
  const done = new Set(job?.steps_completed ?? []);
  return GENERATION_STEPS.filter((step) => done.has(step));
}

/** Steps still to run: after the current one, or every step not yet completed. */
function remainingSteps(current: string | null | undefined, completed: readonly GenerationStepId[]) {
  const done = new Set(completed);
  const after = current && isGenerationStep(current) ? stepsAfter(current) : GENERATION_STEPS;
  return after.filter((step) => !done.has(step));
}

/**
 * When a running job should finish: its start plus the elapsed time scaled by the share done (as
 * of its last progress write, `updated_at`); the PRD estimate from its start before any progress.
 */
function estimatedCompletion(job: StatusJob | null, startedAt: string | null): string | null {
  const start = startedAt ?? job?.queued_at ?? null;
  if (!start) return null;
  const startMs = Date.parse(start);
  const percent = job?.progress_percent ?? 0;
  const lastUpdate = job?.updated_at ? Date.parse(job.updated_at) : startMs;
  const totalMs =
    percent > 0 && lastUpdate > startMs
      ? ((lastUpdate - startMs) * 100) / percent
      : ESTIMATED_GENERATION_SECONDS * 1000;
  return new Date(startMs + totalMs).toISOString();
}

/** `content_json.metadata.word_count` when the content has it. */
function wordCount(content: unknown): number | null {
  const metadata = (content as { metadata?: { word_count?: unknown } } | null)?.metadata;
  return typeof metadata?.word_count === 'number' ? metadata.word_count : null;
}

/** The run's duration: the document's, else the job's, else from the timestamps. */
function durationSeconds(document: StatusDocument, job: StatusJob | null, startedAt: string | null) {
  if (document.generation_duration_seconds !== undefined) return document.generation_duration_seconds;
  if (job?.total_duration_ms !== undefined) return Math.round(job.total_duration_ms / 1000);
  const completedAt = document.generation_completed_at ?? job?.completed_at;
  if (!startedAt || !completedAt) return null;
  return Math.round((Date.parse(completedAt) - Date.parse(startedAt)) / 1000);
}

/**
 * The status of `document` whose current generation attempt is `job` (null when the job is gone,
 * e.g. cleaned up after completion: the document alone then answers).
 */
export function documentStatusView(document: StatusDocument, job: StatusJob | null): DocumentStatusView {
  const completed = completedSteps(job);
  const startedAt = document.generation_started_at ?? job?.started_at ?? null;
  const finished = FINISHED.has(document.status);
  const current = job?.current_step ?? null;
  const currentStep = current && isGenerationStep(current) ? current : null;
  const view: DocumentStatusView = {
    document_id: document.id,
    job_id: job?.id ?? null,
    status: document.status,
    progress: {
      percent: finished ? 100 : (job?.progress_percent ?? 0),
      current_step: finished ? 'complete' : currentStep,
      current_step_label: finished
        ? 'Complete'
        : (job?.current_step_label ?? (currentStep ? stepDefinition(currentStep).label : null)),
      current_step_detail: finished ? null : (job?.current_step_detail ?? null),
      // A finished document whose job was cleaned up ran every step.
      steps_completed: finished && completed.length === 0 ? [...GENERATION_STEPS] : completed,
      steps_remaining: finished ? [] : remainingSteps(current, completed),
      step_timings: job?.step_timings ?? {},
    },
    started_at: startedAt,
  };
  if (finished) {
    view.result = {
      title: document.title,
      pdf_url: document.pdf_url ?? null,
      page_count: document.pdf_page_count ?? null,
      word_count: wordCount(document.content_json),
      research_sources_count: document.research_source_count ?? 0,
    };
    view.completed_at = document.generation_completed_at ?? job?.completed_at ?? null;
    view.duration_seconds = durationSeconds(document, job, startedAt);
  } else if (document.status === 'failed') {
    view.error = {
      code: document.generation_error_code ?? 'GEN_001',
      message: document.generation_error_message ?? 'Content generation failed',
      step: document.generation_error_step ?? null,
    };
    view.completed_at = document.generation_completed_at ?? job?.completed_at ?? null;
  } else {
    view.estimated_completion_at = estimatedCompletion(job, startedAt);
  }
  return view;
}
