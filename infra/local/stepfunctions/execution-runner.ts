/**
 * Runs one execution of a loaded state machine with aws-local-stepfunctions. Retry, Catch, Map
 * and Parallel semantics are the library's (JSONPath only, inline Map: ARCHITECTURE §10; Node 22
 * has `Promise.withResolvers`, so no polyfill). Each bound Task invokes its handler like Lambda
 * does for a Task whose Resource is a function ARN: `(input, context)`, result as the output.
 */
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
} from 'aws-local-stepfunctions';
import { invokeLocally } from '../handlers/invoke.ts';
import type { LoadedStateMachine } from './definition.ts';

export type ExecutionOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: string }
  | { readonly status: 'FAILED' | 'TIMED_OUT'; readonly error: string; readonly cause?: string }
  | { readonly status: 'ABORTED' };

export interface RunningExecution {
  /** Settles when the execution closes; never rejects. */
  readonly outcome: Promise<ExecutionOutcome>;
  /** Stops the state machine (a handler already running finishes in the background). */
  abort(): void;
}

export interface ExecutionRequest {
  readonly machine: LoadedStateMachine;
  readonly executionArn: string;
  readonly name: string;
  readonly input: unknown;
  readonly repoRoot: string;
  readonly region: string;
  readonly accountId: string;
}

type TaskHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

/**
 * What Step Functions sees when a Lambda task fails: the error name is the function's
 * `errorType` (so `ErrorEquals: ["MyError"]` matches) and the cause is the runtime's JSON
 * error document.
 */
class LambdaFunctionError extends Error {
  constructor(error: unknown) {
    const errorType = error instanceof Error ? error.name : 'Error';
    const errorMessage = error instanceof Error ? error.message : String(error);
    const trace = error instanceof Error ? (error.stack?.split('\n') ?? []) : [];
    super(JSON.stringify({ errorType, errorMessage, trace }));
    this.name = errorType;
  }
}

function taskHandlers(request: ExecutionRequest): TaskHandlers {
  const handlers: TaskHandlers = {};
  for (const [stateName, ref] of request.machine.taskHandlers) {
    handlers[stateName] = async (input) => {
      try {
        return (await invokeLocally(ref, input, request.repoRoot, {
          region: request.region,
          accountId: request.accountId,
        })) as Awaited<ReturnType<TaskHandlers[string]>>;
      } catch (error) {
        throw new LambdaFunctionError(error);
      }
    };
  }
  return handlers;
}

function failure(error: unknown): ExecutionOutcome {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  if (error instanceof ExecutionTimeoutError) return { status: 'TIMED_OUT', error: 'States.Timeout' };
  // ExecutionError wraps the state's error: a Fail state's Error/Cause, a task's errorType, States.*.
  const cause = error instanceof ExecutionError ? error.cause : error;
  if (cause instanceof Error) return { status: 'FAILED', error: cause.name, cause: cause.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(cause) };
}

/** Starts the execution; the returned outcome resolves when it succeeds, fails, times out or is aborted. */
export function runExecution(request: ExecutionRequest): RunningExecution {
  const { machine } = request;
  const execution = machine.machine.run(request.input as Parameters<typeof machine.machine.run>[0], {
    overrides: { taskResourceLocalHandlers: taskHandlers(request) },
    // The Context Object ($$) as Step Functions fills it; the library adds Input and StartTime.
    context: {
      Execution: { Id: request.executionArn, Name: request.name, RoleArn: machine.roleArn },
      StateMachine: { Id: machine.arn, Name: machine.name },
    },
  });
  return {
    outcome: execution.result.then(
      (output) => ({ status: 'SUCCEEDED', output: JSON.stringify(output) }),
      failure,
    ),
    abort: execution.abort,
  };
}
