/**
 * Progress of a generation run (PRD §4.2.9, §14). Every pipeline step reports through these
 * functions: each call updates the job item with a DynamoDB update expression under a condition
 * (never a read-modify-write of the whole item, so parallel Map iterations cannot undo each
 * other) and pushes the new state to the job's WebSocket subscribers.
 *
 * What the conditions guarantee:
 * - the percent never goes backwards: a write for percent p applies only while the stored one is
 *   at most p, and never once a later step is current (a late write of an earlier step is dropped);
 * - nothing moves after the run failed or finished (`error_occurred`, `completed_at`);
 * - `steps_completed` holds each step once however often it re-runs; `step_timings.<step>` keeps
 *   the first start and the last completion;
 * - reports that do not raise the whole percent are stored (and pushed) at most once per
 *   `DETAIL_INTERVAL_MS` per job, across every Lambda reporting for it: the stored `updated_at` is
 *   the clock, so a 500-source read does not flood the table or the subscribers.
 */
import type { GenerationJobItem } from '../data/entities/generation-jobs.ts';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { logger } from '../log.ts';
import { currentJobMessage } from '../realtime/current-state.ts';
import { jobStateMessage } from '../realtime/messages.ts';
import { pushToJob } from '../realtime/push.ts';
import type { GenerationRef } from './job-lifecycle.ts';
import { type GenerationStepId, progressPercent, stepDefinition, stepsAfter } from './steps.ts';

/** Minimum time between two stored reports that leave the whole percent unchanged. */
export const DETAIL_INTERVAL_MS = 250;

type JobPatch = ReturnType<ReturnType<typeof service>['entities']['generationJob']['patch']>;
type WhereCallback = Parameters<ReturnType<JobPatch['data']>['where']>[0];
type Operations = Parameters<WhereCallback>[1];
type Attributes = Parameters<WhereCallback>[0];

function patchJob(ref: GenerationRef): JobPatch {
  return service().entities.generationJob.patch({ agency_id: ref.agency_id, id: ref.job_id });
}

/** The run is still going: not failed, not finished. */
function running(a: Attributes, op: Operations): string {
  return `NOT (${op.eq(a.error_occurred, true)}) AND ${op.notExists(a.completed_at)}`;
}

/** `step` is the job's current step. */
function isCurrent(step: string, a: Attributes, op: Operations): string {
  return op.eq(a.current_step, step);
}

/**
 * The condition of a write that moves the job to `percent` within `step`: not below the stored
 * percent, no step after `step` current yet (a missing `current_step` compares as not equal),
 * and the run still going.
 */
function movesForward(step: GenerationStepId, percent: number, a: Attributes, op: Operations): string {
  const later = stepsAfter(step).map((each) => isCurrent(each, a, op));
  return [
    op.lte(a.progress_percent, percent),
    ...(later.length > 0 ? [`NOT (${later.join(' OR ')})`] : []),
    running(a, op),
  ].join(' AND ');
}

/** The write's result, or undefined when its condition refused it (an expected outcome). */
async function unlessRefused<T>(write: Promise<{ data: T }>): Promise<T | undefined> {
  try {
    return (await write).data;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return undefined;
    throw error;
  }
}

/** Pushes `job`'s new state to its subscribers, if it has any. Never throws. */
async function publishProgress(job: GenerationJobItem): Promise<void> {
  await pushToJob(job.id, async () => {
    const { data: document } = await service()
      .entities.document.get({ agency_id: job.agency_id, id: job.document_id })
      .go({ consistent: true });
    return document ? jobStateMessage(document, job) : undefined;
  });
}

/**
 * Marks `step` current at its starting percent, with an optional first `detail`, records its
 * start time (the first one, when the step re-runs) and pushes the new state.
 */
export async function startStep(ref: GenerationRef, step: GenerationStepId, detail?: string): Promise<void> {
  const percent = progressPercent(step, 0);
  const started = { started_at: nowIso() };
  const moved = await unlessRefused(
    patchJob(ref)
      .data((a, op) => {
        op.ifNotExists(a.step_timings[step], started);
        op.set(a.current_step, step);
        op.set(a.current_step_label, stepDefinition(step).label);
        if (detail) op.set(a.current_step_detail, detail);
        else op.remove(a.current_step_detail);
        op.set(a.progress_percent, percent);
      })
      .where((a, op) => movesForward(step, percent, a, op))
      .go({ response: 'all_new' }),
  );
  if (moved) return publishProgress(moved);
  // The job is already further (a parallel iteration reported first, or the step re-runs): the
  // start is still recorded if it is the first.
  await patchJob(ref)
    .data((a, op) => op.ifNotExists(a.step_timings[step], started))
    .go();
}

/** A report within a step. */
export interface StepReport {
  /** What the step is doing, e.g. "Reading 47 of ~120 sources". */
  detail: string;
  /**
   * Share of the step done (0–1). Counters (sources read, sections written) pass one; a report
   * without one names a new phase of the step and is shown only while the step is current.
   */
  fraction?: number;
}

/**
 * Shows `detail` (and, with a `fraction`, the percent within `step`) and pushes it. Reports that
 * leave the whole percent where it is are kept to one per `DETAIL_INTERVAL_MS` per job; the
 * others are dropped, as a later report or the step's completion supersedes them.
 */
export async function reportStepProgress(
  ref: GenerationRef,
  step: GenerationStepId,
  { detail, fraction }: StepReport,
): Promise<void> {
  const write =
    fraction === undefined
      ? patchJob(ref)
          .data((a, op) => op.set(a.current_step_detail, detail))
          .where((a, op) => `${isCurrent(step, a, op)} AND ${running(a, op)}`)
      : reportWithFraction(ref, step, detail, fraction);
  const moved = await unlessRefused(write.go({ response: 'all_new' }));
  if (moved) await publishProgress(moved);
}

function reportWithFraction(ref: GenerationRef, step: GenerationStepId, detail: string, fraction: number) {
  const percent = progressPercent(step, fraction);
  const quietSince = new Date(Date.now() - DETAIL_INTERVAL_MS).toISOString();
  return patchJob(ref)
    .data((a, op) => {
      op.set(a.current_step, step);
      op.set(a.current_step_label, stepDefinition(step).label);
      op.set(a.current_step_detail, detail);
      op.set(a.progress_percent, percent);
    })
    .where(
      (a, op) =>
        `${movesForward(step, percent, a, op)} AND (${op.lt(a.progress_percent, percent)} OR NOT (${isCurrent(step, a, op)}) OR ${op.lte(a.updated_at, quietSince)})`,
    );
}

/**
 * Records `step` as done: its completion time, duration and optional `metadata` (e.g.
 * `{ sources_found, sources_used }`) in `step_timings.<step>`, the step in `steps_completed`
 * (once), the percent at the step's end; then pushes the new state. Safe to call again when the
 * step re-runs.
 */
export async function completeStep(
  ref: GenerationRef,
  step: GenerationStepId,
  metadata?: Record<string, unknown>,
): Promise<void> {
  const { data: job } = await service()
    .entities.generationJob.get({ agency_id: ref.agency_id, id: ref.job_id })
    .go({ consistent: true });
  if (!job) throw new Error(`Generation job ${ref.job_id} does not exist`);
  const completedAt = nowIso();
  const startedAt = job.step_timings[step]?.started_at ?? completedAt;
  const timing = {
    started_at: startedAt,
    completed_at: completedAt,
    duration_ms: Date.parse(completedAt) - Date.parse(startedAt),
    ...(metadata ? { metadata } : {}),
  };
  // The step's own record (only this step writes its entry, so setting it whole loses nothing).
  const firstCompletion = await unlessRefused(
    patchJob(ref)
      .data((a, op) => {
        op.set(a.step_timings[step], timing);
        op.append(a.steps_completed, [step]);
      })
      .where((a, op) => op.notContains(a.steps_completed, step))
      .go(),
  );
  if (!firstCompletion)
    await patchJob(ref)
      .data((a, op) => op.set(a.step_timings[step], timing))
      .go();
  // The job's position, unless it has moved on.
  const percent = progressPercent(step, 1);
  const moved = await unlessRefused(
    patchJob(ref)
      .data((a, op) => {
        op.set(a.current_step, step);
        op.set(a.current_step_label, stepDefinition(step).label);
        op.remove(a.current_step_detail);
        op.set(a.progress_percent, percent);
      })
      .where((a, op) => movesForward(step, percent, a, op))
      .go({ response: 'all_new' }),
  );
  if (moved) await publishProgress(moved);
}

/** Pushes the final state of a run; `expected` is the message type that state must have. */
async function publishOutcome(ref: GenerationRef, expected: 'complete' | 'error'): Promise<void> {
  try {
    const message = await currentJobMessage(ref.agency_id, ref.job_id);
    if (message?.type !== expected) {
      logger.error(`No ${expected} message to publish: the run is not recorded as such`, {
        jobId: ref.job_id,
        state: message?.type ?? 'missing',
      });
      return;
    }
    await pushToJob(ref.job_id, message);
  } catch (error) {
    logger.warn(`Could not publish the ${expected} of a generation run`, { jobId: ref.job_id, error });
  }
}

/** Tells subscribers the document is ready (call once finalize has recorded it). Never throws. */
export function publishCompletion(ref: GenerationRef): Promise<void> {
  return publishOutcome(ref, 'complete');
}

/** Tells subscribers the run failed, with code, step and message (after recording it). Never throws. */
export function publishFailure(ref: GenerationRef): Promise<void> {
  return publishOutcome(ref, 'error');
}
