/**
 * The PRD's Celery design for comparison: one worker running a state machine's steps strictly one
 * after another. It walks the REAL ASL file of a catalogue entry (`shared/state-machines.ts`) in
 * its order — Map items one by one, Parallel branches one by one — and invokes each Task's bound
 * handler through the same local invoker the Step Functions emulator uses, so both runs execute
 * the same code with the same JSON boundary.
 *
 * What it supports is what our ASL uses (JSONPath `Parameters`/`ItemSelector` with `$.a.b` and
 * `$$.a.b` paths, `ItemsPath`, `ResultPath`, `Catch`, `Next`/`End`, Succeed and Fail); anything
 * else throws rather than being run differently from Step Functions. `Retry` is not applied: the
 * benchmark injects no faults, so a retry would be a failure to report, not to absorb.
 *
 * The walk also returns a trace (every Task's start and end, and how Maps and Parallels group
 * them), from which {@link criticalPath} computes what a perfectly parallel run would take.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { invokeLocally } from '../../infra/local/handlers/invoke.ts';
import type { StateMachineDefinition } from '../../shared/state-machines.ts';

interface AslScope {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
}

interface AslCatcher {
  readonly ErrorEquals: readonly string[];
  readonly ResultPath?: string | null;
  readonly Next: string;
}

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly ItemsPath?: string;
  readonly ItemSelector?: Record<string, unknown>;
  readonly ItemProcessor?: AslScope;
  readonly MaxConcurrency?: number;
  readonly Branches?: readonly AslScope[];
  readonly ResultPath?: string | null;
  readonly Catch?: readonly AslCatcher[];
  readonly Next?: string;
  readonly End?: boolean;
  readonly Error?: string;
  readonly Cause?: string;
}

/** Fields of a state this walker knows how to honour (plus ones that do not change the result). */
const SUPPORTED_FIELDS = new Set([
  'Type',
  'Comment',
  'Resource',
  'Parameters',
  'ItemsPath',
  'ItemSelector',
  'ItemProcessor',
  'MaxConcurrency',
  'Branches',
  'ResultPath',
  'Catch',
  'Retry',
  'TimeoutSeconds',
  'Next',
  'End',
  'Error',
  'Cause',
]);

/** One Task invocation of the walk (times from `performance.now()`). */
export interface TaskTrace {
  readonly kind: 'task';
  readonly state: string;
  readonly start: number;
  readonly end: number;
}

/** States run one after another. */
export interface ChainTrace {
  readonly kind: 'chain';
  readonly steps: Trace[];
}

/**
 * Lanes Step Functions would run side by side (Map items, Parallel branches), at most
 * `maxConcurrency` at once when the Map sets one.
 */
export interface FanOutTrace {
  readonly kind: 'fan-out';
  readonly state: string;
  readonly lanes: Trace[];
  readonly maxConcurrency?: number;
}

export type Trace = TaskTrace | ChainTrace | FanOutTrace;

/** An error a state raised, named as Step Functions would see it. */
class StateError extends Error {
  constructor(
    readonly errorName: string,
    readonly causeText: string,
  ) {
    super(`${errorName}: ${causeText}`);
  }
}

/** Reads `$`, `$.a.b` against `data` or `$$.a.b` against `context`; other JSONPath is refused. */
function readPath(path: string, data: unknown, context: unknown): unknown {
  const match = /^(\$\$?)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(path);
  if (!match) throw new Error(`JSONPath ${path} is not supported by the sequential driver`);
  let value = match[1] === '$$' ? context : data;
  for (const key of (match[2] ?? '').split('.').slice(1)) {
    value = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[key];
    if (value === undefined) throw new StateError('States.Runtime', `${path} matches nothing`);
  }
  return value;
}

/** A payload template (`Parameters`, `ItemSelector`) filled in: `key.$` fields are paths. */
function fill(template: Record<string, unknown>, data: unknown, context: unknown): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(template).map(([key, value]) => {
      if (key.endsWith('.$')) return [key.slice(0, -2), readPath(String(value), data, context)];
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        return [key, fill(value as Record<string, unknown>, data, context)];
      return [key, value];
    }),
  );
}

/** `input` with `result` placed at `resultPath` (`null` keeps the input, absent replaces it). */
function place(input: unknown, result: unknown, resultPath: string | null | undefined): unknown {
  if (resultPath === null) return input;
  if (resultPath === undefined || resultPath === '$') return result;
  const keys = /^\$((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$/.exec(resultPath)?.[1]?.split('.').slice(1);
  if (!keys) throw new Error(`ResultPath ${resultPath} is not supported by the sequential driver`);
  const output = structuredClone(input) as Record<string, unknown>;
  let target = output;
  for (const key of keys.slice(0, -1)) {
    target[key] = typeof target[key] === 'object' && target[key] !== null ? target[key] : {};
    target = target[key] as Record<string, unknown>;
  }
  target[keys[keys.length - 1] as string] = result;
  return output;
}

function asStateError(error: unknown): StateError {
  if (error instanceof StateError) return error;
  // As the emulator reports a failed Lambda task: the error's name, the runtime's error document.
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return new StateError(name, JSON.stringify({ errorType: name, errorMessage: message, trace: [] }));
}

class SequentialRun {
  constructor(
    private readonly entry: StateMachineDefinition,
    private readonly repoRoot: string,
  ) {}

  /** Runs `scope` from its StartAt; appends what ran to `trace`; returns the output. */
  async scope(scope: AslScope, input: unknown, context: Record<string, unknown>, trace: Trace[]) {
    let name: string | undefined = scope.StartAt;
    let data = input;
    while (name !== undefined) {
      const state: AslState | undefined = scope.States[name];
      if (!state) throw new Error(`State ${name} is not defined`);
      const unknown = Object.keys(state).filter((field) => !SUPPORTED_FIELDS.has(field));
      if (unknown.length > 0)
        throw new Error(`State ${name} uses ${unknown.join(', ')}, which the sequential driver does not run`);
      if (state.Type === 'Succeed') return data;
      if (state.Type === 'Fail') throw new StateError(state.Error ?? 'States.Fail', state.Cause ?? '');
      try {
        data = place(data, await this.state(name, state, data, context, trace), state.ResultPath);
      } catch (error) {
        const failure = asStateError(error);
        const catcher: AslCatcher | undefined = state.Catch?.find(
          (each) => each.ErrorEquals.includes('States.ALL') || each.ErrorEquals.includes(failure.errorName),
        );
        if (!catcher) throw failure;
        data = place(data, { Error: failure.errorName, Cause: failure.causeText }, catcher.ResultPath);
        name = catcher.Next;
        continue;
      }
      name = state.End ? undefined : state.Next;
    }
    return data;
  }

  private async state(
    name: string,
    state: AslState,
    input: unknown,
    context: Record<string, unknown>,
    trace: Trace[],
  ): Promise<unknown> {
    switch (state.Type) {
      case 'Task':
        return this.task(name, state, input, context, trace);
      case 'Map': {
        const items = readPath(state.ItemsPath ?? '$', input, context);
        if (!Array.isArray(items))
          throw new StateError('States.Runtime', `${state.ItemsPath} is not an array`);
        if (!state.ItemProcessor) throw new Error(`Map ${name} has no ItemProcessor`);
        const lanes: Trace[] = [];
        const results: unknown[] = [];
        for (const [index, value] of items.entries()) {
          const itemContext = { ...context, Map: { Item: { Index: index, Value: value } } };
          const itemInput = state.ItemSelector ? fill(state.ItemSelector, input, itemContext) : value;
          const lane: Trace[] = [];
          results.push(await this.scope(state.ItemProcessor, itemInput, itemContext, lane));
          lanes.push({ kind: 'chain', steps: lane });
        }
        trace.push({
          kind: 'fan-out',
          state: name,
          lanes,
          maxConcurrency: state.MaxConcurrency || undefined,
        });
        return results;
      }
      case 'Parallel': {
        const lanes: Trace[] = [];
        const results: unknown[] = [];
        for (const branch of state.Branches ?? []) {
          const lane: Trace[] = [];
          results.push(await this.scope(branch, structuredClone(input), context, lane));
          lanes.push({ kind: 'chain', steps: lane });
        }
        trace.push({ kind: 'fan-out', state: name, lanes });
        return results;
      }
      default:
        throw new Error(`State ${name} has type ${state.Type}, which the sequential driver does not run`);
    }
  }

  private async task(
    name: string,
    state: AslState,
    input: unknown,
    context: Record<string, unknown>,
    trace: Trace[],
  ): Promise<unknown> {
    const placeholder = /^\$\{([^}]+)\}$/.exec(state.Resource ?? '')?.[1];
    const ref = placeholder ? this.entry.tasks[placeholder] : undefined;
    if (!ref)
      throw new Error(`Task ${name} has Resource ${state.Resource}, which is not a catalogue handler`);
    const payload = state.Parameters ? fill(state.Parameters, input, context) : input;
    const start = performance.now();
    try {
      return await invokeLocally(ref, payload, this.repoRoot);
    } finally {
      trace.push({ kind: 'task', state: name, start, end: performance.now() });
    }
  }
}

/** What a sequential run gives back. */
export interface SequentialOutcome {
  readonly output: unknown;
  readonly trace: ChainTrace;
}

/**
 * Runs `entry`'s state machine on `input` strictly one step at a time (see the module comment);
 * rejects with the state error when a failure is not caught by the definition.
 */
export async function runSequentially(
  entry: StateMachineDefinition,
  input: unknown,
  options: { repoRoot: string; executionId: string },
): Promise<SequentialOutcome> {
  const asl = JSON.parse(await readFile(join(options.repoRoot, entry.definitionFile), 'utf8')) as AslScope;
  const steps: Trace[] = [];
  const run = new SequentialRun(entry, options.repoRoot);
  const context = { Execution: { Id: options.executionId, Input: input } };
  const output = await run.scope(asl, structuredClone(input), context, steps);
  return { output, trace: { kind: 'chain', steps } };
}

/** The tasks of a trace, in the order they ran. */
export function tasksOf(trace: Trace): TaskTrace[] {
  if (trace.kind === 'task') return [trace];
  return (trace.kind === 'chain' ? trace.steps : trace.lanes).flatMap(tasksOf);
}

/**
 * How long `trace` would take if every fan-out ran its lanes side by side (Step Functions' own
 * order: lanes start in item order as `maxConcurrency` slots free up, unless `unbounded`) and each
 * task took `weight(task)`: the critical path of the run.
 */
export function criticalPath(
  trace: Trace,
  weight: (task: TaskTrace) => number,
  options: { unbounded?: boolean } = {},
): number {
  switch (trace.kind) {
    case 'task':
      return weight(trace);
    case 'chain':
      return trace.steps.reduce((sum, step) => sum + criticalPath(step, weight, options), 0);
    case 'fan-out': {
      const cap = options.unbounded ? undefined : trace.maxConcurrency;
      const slots: number[] = Array.from(
        { length: Math.min(trace.lanes.length, cap ?? trace.lanes.length) },
        () => 0,
      );
      for (const lane of trace.lanes) {
        const free = slots.indexOf(Math.min(...slots));
        slots[free] = (slots[free] ?? 0) + criticalPath(lane, weight, options);
      }
      return Math.max(0, ...slots);
    }
  }
}
