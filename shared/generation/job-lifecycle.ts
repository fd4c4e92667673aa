/**
 * The two bookkeeping steps every generation run has, whatever its content steps: opening the
 * run (document `generating`, job started) and recording a failure (document `failed` with the
 * GEN code, step and message; job marked errored). Both are idempotent: a retried step writes
 * the same state again.
 */
import type { UpdateEntityItem } from 'electrodb';
import type { DocumentItem, document as documentEntity } from '../data/entities/documents.ts';
import type { generationJob } from '../data/entities/generation-jobs.ts';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { ERROR_CODES, type ErrorCode } from '../http/errors.ts';
import { publishFailure } from './progress.ts';

/** Error name of a model service that stayed unavailable (see `step-errors.ts`). */
export const MODEL_UNAVAILABLE = 'ModelUnavailable';

/** What the state machine carries between steps: ids only, never content (256 KB cap). */
export interface GenerationRef {
  agency_id: string;
  document_id: string;
  job_id: string;
}

/** The `Error`/`Cause` pair a Step Functions `Catch` puts at its `ResultPath`. */
export interface CaughtError {
  Error: string;
  Cause?: string;
}

/** Thrown by a step to fail the run with a specific GEN code; Step Functions sees `Error: GEN_00x`. */
export class GenerationError extends Error {
  constructor(
    readonly code: Extract<ErrorCode, `GEN_${string}`>,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** The document and job of a run, read consistently; GEN_001 when they do not belong together. */
export async function loadRun(ref: GenerationRef) {
  const entities = service().entities;
  const [{ data: document }, { data: job }] = await Promise.all([
    entities.document.get({ agency_id: ref.agency_id, id: ref.document_id }).go({ consistent: true }),
    entities.generationJob.get({ agency_id: ref.agency_id, id: ref.job_id }).go({ consistent: true }),
  ]);
  if (!document || !job || job.document_id !== document.id) {
    throw new GenerationError(
      'GEN_001',
      `Generation run ${ref.job_id} for document ${ref.document_id} does not exist`,
    );
  }
  return { document, job };
}

/**
 * Writes a run's new state to its document and then its job. The document's `client_id` and
 * `created_at` key its list indexes, which a status change must rewrite.
 */
export async function updateRun(
  ref: GenerationRef,
  document: Pick<DocumentItem, 'client_id' | 'created_at'>,
  changes: { document: UpdateEntityItem<typeof documentEntity>; job: UpdateEntityItem<typeof generationJob> },
): Promise<void> {
  const entities = service().entities;
  await entities.document
    .patch({ agency_id: ref.agency_id, id: ref.document_id })
    .set(changes.document)
    .composite({ client_id: document.client_id, created_at: document.created_at })
    .go();
  await entities.generationJob.patch({ agency_id: ref.agency_id, id: ref.job_id }).set(changes.job).go();
}

/** Marks the run started; returns the same reference for the next step. */
export async function beginGeneration(ref: GenerationRef, executionArn?: string): Promise<GenerationRef> {
  const { document, job } = await loadRun(ref);
  const startedAt = job.started_at ?? nowIso();
  await updateRun(ref, document, {
    document: { status: 'generating', generation_started_at: document.generation_started_at ?? startedAt },
    job: { started_at: startedAt, ...(executionArn ? { execution_arn: executionArn } : {}) },
  });
  return ref;
}

/** Error names that mean a step ran out of time (Step Functions' own, or the Lambda sandbox's). */
const TIMEOUTS = new Set(['States.Timeout', 'Sandbox.Timedout']);

/** The GEN code a step's timeout stands for: the step's own failure code where the PRD has one. */
const TIMEOUT_CODES: Partial<Record<string, ErrorCode>> = {
  web_research: 'GEN_002',
  template_application: 'GEN_003',
  pdf_rendering: 'GEN_004',
  cover_image: 'GEN_007',
};

/**
 * The GEN code a caught error stands for: its own when it is one; GEN_005 for a model service
 * that stayed unavailable through the retries; for a timeout, the code of the step that ran out
 * of time; else GEN_001.
 */
export function generationErrorCode(error: CaughtError, step?: string): ErrorCode {
  if (/^GEN_\d{3}$/.test(error.Error) && error.Error in ERROR_CODES) return error.Error as ErrorCode;
  if (error.Error === MODEL_UNAVAILABLE) return 'GEN_005';
  if (TIMEOUTS.has(error.Error)) return (step && TIMEOUT_CODES[step]) || 'GEN_001';
  return 'GEN_001';
}

/** The message inside a Lambda error `Cause` (a JSON string with `errorMessage`), or a generic one. */
export function generationErrorMessage(error: CaughtError, step?: string): string {
  const code = generationErrorCode(error, step);
  try {
    const cause = JSON.parse(error.Cause ?? '') as { errorMessage?: unknown };
    if (typeof cause.errorMessage === 'string' && cause.errorMessage) return cause.errorMessage;
  } catch {
    // Not JSON: Step Functions' own errors (States.Timeout…) carry plain text or nothing.
  }
  return error.Cause || ERROR_CODES[code].message;
}

/** Records a failed run on the document and the job, and tells the job's subscribers. */
export async function recordGenerationFailure(ref: GenerationRef, error: CaughtError): Promise<void> {
  const { document, job } = await loadRun(ref);
  const step = job.current_step ?? 'unknown';
  const code = generationErrorCode(error, step);
  const message = generationErrorMessage(error, step);
  const now = nowIso();
  await updateRun(ref, document, {
    document: {
      status: 'failed',
      generation_error_code: code,
      generation_error_message: message,
      generation_error_step: step,
      generation_completed_at: now,
    },
    job: {
      error_occurred: true,
      error_code: code,
      error_message: message,
      error_step: step,
      completed_at: now,
    },
  });
  await publishFailure(ref);
}
