/**
 * The frame every pipeline task runs in (`functions/pipeline/*` call {@link runStepTask}): it
 * loads the run, hands the step a model gateway that records what each call consumed, reports
 * progress, charges the recorded usage once per task, and turns model failures into the error
 * names the state machine's `Retry`/`Catch` act on (`step-errors.ts`).
 *
 * Charging is idempotent per task: the charge key is `${job_id}:${step}[:${part}]`, so a task that
 * Step Functions runs twice (a retry after a crash, a duplicate delivery) is billed once. What an
 * attempt that failed had already consumed is charged under a key of its own.
 */
import { randomUUID } from 'node:crypto';
import { ModelGatewayError } from '../llm/model-errors.ts';
import type { ModelGateway, ModelUsage } from '../llm/model-gateway.ts';
import { logger } from '../log.ts';
import type { SourceReader } from '../research/source-reader.ts';
import type { GenerationRef } from './job-lifecycle.ts';
import { completeStep, reportStepProgress, type StepReport, startStep } from './progress.ts';
import { loadRunContext, type RunBrief, type RunContext, runBrief } from './run-context.ts';
import { type RunModel, resolveRunModel } from './run-model.ts';
import { classifyModelError } from './step-errors.ts';
import type { GenerationStepId } from './steps.ts';

/** Which task of which step is running: a whole step, or one part of a fanned-out one. */
export interface TaskSpec {
  readonly step: GenerationStepId;
  /** Batch or section number, or a name (`summary`) for steps split into several tasks. */
  readonly part?: number | string;
}

/** How a task ends its step: it is the step's last task, with the figures to record for it. */
export interface Completion<T> {
  /** Step-specific figures for `step_timings.<step>.metadata`, from the task's result. */
  metadata?: (result: T) => Record<string, unknown>;
}

/** What a step's code gets from the frame. */
export interface StepContext {
  readonly ref: GenerationRef;
  readonly task: TaskSpec;
  readonly run: RunContext;
  readonly brief: RunBrief;
  /** The run's language model; every call's usage is charged when the task succeeds. */
  model(): Promise<ModelGateway>;
  /** The deep-read fetcher that goes with the model (the offline model reads its own sources). */
  sourceReader(): Promise<SourceReader>;
  /** Whether the run's content comes from the offline model (sample text). */
  offline(): Promise<boolean>;
  /** Shows what the step is doing (and how far it is) to the run's watchers. */
  progress(report: StepReport): Promise<void>;
}

/** The charge key of a task (`${job_id}:${step}[:${part}]`). */
export function chargeKey(ref: GenerationRef, task: TaskSpec): string {
  return [ref.job_id, task.step, ...(task.part === undefined ? [] : [String(task.part)])].join(':');
}

/**
 * A gateway that appends each call's usage to `usage`, including what a failed call consumed
 * before it failed (the tokens of an answer whose repair failed were still spent).
 */
function recording(gateway: ModelGateway, usage: ModelUsage[]): ModelGateway {
  const record = async <R extends { usage: ModelUsage[] }>(call: () => Promise<R>): Promise<R> => {
    try {
      const result = await call();
      usage.push(...result.usage);
      return result;
    } catch (error) {
      if (error instanceof ModelGatewayError) usage.push(...error.usage);
      throw error;
    }
  };
  return {
    mode: gateway.mode,
    structured: (call) => record(() => gateway.structured(call)),
    webSearch: (call) => record(() => gateway.webSearch(call)),
  };
}

/**
 * Charges what a failed attempt consumed, under a key of its own: the attempt's spend is real, and
 * the task's own key stays free for the attempt that succeeds. Never hides the task's error.
 */
async function chargeFailedAttempt(model: RunModel, ref: GenerationRef, task: TaskSpec, usage: ModelUsage[]) {
  try {
    await model.charge(`${chargeKey(ref, task)}:failed:${randomUUID()}`, usage);
  } catch (error) {
    logger.error('could not charge a failed attempt', { ...ref, step: task.step, error: error as Error });
  }
}

/**
 * Runs one task of a step inside the frame described above. Every task marks its step started
 * (the first start is kept, so parallel parts may all do it); the step's last task passes
 * `completion` to mark it done.
 */
export async function runStepTask<T>(
  ref: GenerationRef,
  task: TaskSpec,
  work: (context: StepContext) => Promise<T>,
  completion?: Completion<T>,
): Promise<T> {
  const run = await loadRunContext(ref);
  await startStep(ref, task.step);
  const usage: ModelUsage[] = [];
  let resolved: Promise<RunModel> | undefined;
  const runModel = () => {
    resolved ??= resolveRunModel(run);
    return resolved;
  };
  const context: StepContext = {
    ref,
    task,
    run,
    brief: runBrief(run),
    model: async () => recording((await runModel()).gateway, usage),
    sourceReader: async () => (await runModel()).reader,
    offline: async () => (await runModel()).gateway.mode === 'offline',
    progress: (report) => reportStepProgress(ref, task.step, report),
  };
  try {
    const result = await work(context);
    if (usage.length > 0 && resolved) await (await resolved).charge(chargeKey(ref, task), usage);
    if (completion) await completeStep(ref, task.step, completion.metadata?.(result));
    return result;
  } catch (error) {
    if (usage.length > 0 && resolved) await chargeFailedAttempt(await resolved, ref, task, usage);
    throw classifyModelError(error);
  }
}
