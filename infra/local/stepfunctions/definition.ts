/**
 * Loads a catalogue entry the way CDK deploys it: the REAL ASL file with each `${Placeholder}`
 * substituted (CDK's definition substitutions) — here by a fake Lambda ARN per handler — and
 * every Task state bound to the handler its ARN stands for.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type StateMachineDefinition as AslDefinition, StateMachine } from 'aws-local-stepfunctions';
import type { HandlerRef } from '../../../shared/config/handler-ref.ts';
import type { StateMachineDefinition } from '../../../shared/state-machines.ts';
import { lambdaFunctionArn } from '../handlers/lambda-context.ts';
import { type StateMachineArnOptions, stateMachineArn } from './arns.ts';

export interface LoadedStateMachine {
  /** Deployed name, `<prefix>-<catalogue name>`. */
  readonly name: string;
  readonly arn: string;
  /** The substituted ASL text, as DescribeStateMachine shows it. */
  readonly definition: string;
  readonly machine: StateMachine;
  /** Task state name (at any depth: Map item processors, Parallel branches) → its handler. */
  readonly taskHandlers: ReadonlyMap<string, HandlerRef>;
  /** The execution role CDK would create (reported, never checked). */
  readonly roleArn: string;
  readonly createdAt: number;
}

interface AslStates {
  readonly States: Record<string, AslState>;
}

interface AslState {
  readonly Type: string;
  readonly Resource?: string;
  readonly ItemProcessor?: AslStates;
  readonly Iterator?: AslStates;
  readonly Branches?: readonly AslStates[];
}

function* allStates(scope: AslStates): Generator<[string, AslState]> {
  for (const [name, state] of Object.entries(scope.States)) {
    yield [name, state];
    const itemProcessor = state.ItemProcessor ?? state.Iterator;
    if (itemProcessor) yield* allStates(itemProcessor);
    for (const branch of state.Branches ?? []) yield* allStates(branch);
  }
}

/**
 * Binds Task states to handlers by their substituted `Resource`. aws-local-stepfunctions
 * overrides tasks by state NAME, so names must be unique across nested scopes (AWS requires
 * that too); a Task whose resource is not a catalogue handler could not run locally.
 */
function bindTasks(asl: AslStates, handlersByArn: ReadonlyMap<string, HandlerRef>): Map<string, HandlerRef> {
  const bound = new Map<string, HandlerRef>();
  for (const [name, state] of allStates(asl)) {
    if (state.Type !== 'Task') continue;
    const ref = state.Resource === undefined ? undefined : handlersByArn.get(state.Resource);
    if (!ref)
      throw new Error(`Task "${name}" has Resource ${state.Resource}, which is not a catalogue handler`);
    if (bound.has(name)) throw new Error(`Task state name "${name}" is used more than once`);
    bound.set(name, ref);
  }
  return bound;
}

async function load(
  entry: StateMachineDefinition,
  repoRoot: string,
  arnOptions: StateMachineArnOptions,
): Promise<LoadedStateMachine> {
  let text = await readFile(join(repoRoot, entry.definitionFile), 'utf8');
  const handlersByArn = new Map<string, HandlerRef>();
  for (const [placeholder, ref] of Object.entries(entry.tasks)) {
    const arn = lambdaFunctionArn(ref, arnOptions.region, arnOptions.accountId);
    text = text.replaceAll(`\${${placeholder}}`, arn);
    handlersByArn.set(arn, ref);
  }
  const unbound = /\$\{([^}]+)\}/.exec(text);
  if (unbound) throw new Error(`placeholder \${${unbound[1]}} has no handler in the catalogue`);

  const asl = JSON.parse(text) as AslStates;
  const taskHandlers = bindTasks(asl, handlersByArn);
  // The library validates the definition (ASL schema, JSONPaths, ARNs) here.
  const machine = new StateMachine(asl as unknown as AslDefinition);
  const arn = stateMachineArn(entry.name, arnOptions);
  const name = arn.slice(arn.lastIndexOf(':') + 1);
  return {
    name,
    arn,
    roleArn: `arn:aws:iam::${arn.split(':')[4]}:role/${name}-role`,
    definition: text,
    machine,
    taskHandlers,
    createdAt: Date.now(),
  };
}

/**
 * Reads, substitutes, validates and binds one catalogue entry; any problem (missing file, invalid
 * ASL, unbound placeholder or Task) is an error naming the entry and its file.
 */
export async function loadStateMachine(
  entry: StateMachineDefinition,
  repoRoot: string,
  arnOptions: StateMachineArnOptions,
): Promise<LoadedStateMachine> {
  try {
    return await load(entry, repoRoot, arnOptions);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`State machine ${entry.name} (${entry.definitionFile}): ${reason}`, { cause: error });
  }
}
