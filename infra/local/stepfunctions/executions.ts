/**
 * The lifecycle of executions: start (idempotent for a running name + input, as for STANDARD
 * workflows), stop, completion, and what a restart does to executions that were running.
 */
import { executionArn } from './arns.ts';
import type { LoadedStateMachine } from './definition.ts';
import { type ExecutionOutcome, type RunningExecution, runExecution } from './execution-runner.ts';
import type { ExecutionRecord, ExecutionStore } from './execution-store.ts';
import { sfnError } from './protocol.ts';

export interface ExecutionSettings {
  readonly repoRoot: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * The error recorded on executions that were running when the local cloud stopped: their
 * progress lived only in this process, and aws-local-stepfunctions cannot resume a half-run
 * execution (there is no state-transition history to replay), so they close as ABORTED.
 */
const STOPPED_ERROR = 'LocalRuntimeStopped';
const STOPPED_CAUSE = 'The local cloud stopped while this execution was running; it cannot be resumed.';

function outcomeFields(outcome: ExecutionOutcome): Partial<ExecutionRecord> {
  switch (outcome.status) {
    case 'SUCCEEDED':
      return { status: outcome.status, output: outcome.output };
    case 'ABORTED':
      return { status: outcome.status };
    default:
      return { status: outcome.status, error: outcome.error, cause: outcome.cause };
  }
}

export class Executions {
  private readonly running = new Map<string, RunningExecution>();

  constructor(
    private readonly store: ExecutionStore,
    private readonly settings: ExecutionSettings,
  ) {}

  /** Closes as ABORTED every record a previous process left RUNNING (see {@link STOPPED_CAUSE}). */
  async recover(): Promise<void> {
    const orphans = this.store.all().filter((record) => record.status === 'RUNNING');
    await Promise.all(orphans.map((record) => this.close(record, STOPPED_ERROR, STOPPED_CAUSE)));
  }

  /**
   * Starts `name` of `machine` with `input` (JSON text). The same name with the same input while
   * it runs returns the running execution; any other reuse of a name is ExecutionAlreadyExists.
   */
  async start(machine: LoadedStateMachine, name: string, input: string): Promise<ExecutionRecord> {
    const arn = executionArn(machine.arn, name);
    const existing = this.store.get(arn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw sfnError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: machine.arn,
      name,
      status: 'RUNNING',
      input,
      startDate: Date.now(),
    };
    // Persisted before it runs, so an execution the caller was told about survives a crash.
    await this.store.save(record);
    const execution = runExecution({
      ...this.settings,
      machine,
      executionArn: arn,
      name,
      input: JSON.parse(input),
    });
    this.running.set(arn, execution);
    void execution.outcome.then((outcome) => this.finish(arn, outcome));
    return record;
  }

  /** Aborts a running execution (recording `error`/`cause`); a closed one is left as it is. */
  async stop(record: ExecutionRecord, error?: string, cause?: string): Promise<ExecutionRecord> {
    if (record.status !== 'RUNNING') return record;
    return this.close(record, error, cause);
  }

  /** Aborts every running execution and waits until all records are on disk. */
  async shutdown(): Promise<void> {
    const running = this.store
      .all()
      .filter((record) => record.status === 'RUNNING' && this.running.has(record.executionArn));
    await Promise.all(running.map((record) => this.close(record, STOPPED_ERROR, STOPPED_CAUSE)));
    await this.store.flush();
  }

  private async close(record: ExecutionRecord, error?: string, cause?: string): Promise<ExecutionRecord> {
    const aborted: ExecutionRecord = { ...record, status: 'ABORTED', stopDate: Date.now(), error, cause };
    // The record is ABORTED in memory before the abort settles, so finish() leaves it alone.
    const written = this.store.save(aborted);
    this.running.get(record.executionArn)?.abort();
    await written;
    return aborted;
  }

  private async finish(arn: string, outcome: ExecutionOutcome): Promise<void> {
    this.running.delete(arn);
    const record = this.store.get(arn);
    if (record?.status !== 'RUNNING') return;
    try {
      await this.store.save({ ...record, ...outcomeFields(outcome), stopDate: Date.now() });
    } catch (error) {
      console.error('[stepfunctions] cannot record the end of', arn, error);
    }
  }
}
