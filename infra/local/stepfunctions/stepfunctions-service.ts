/**
 * Step Functions for the local cloud, mounted at `/_aws/sfn`: `@aws-sdk/client-sfn` with
 * `endpoint: <origin>/_aws/sfn` (or `AWS_ENDPOINT_URL_SFN`) works unchanged. Each catalogue
 * entry runs its real ASL file in aws-local-stepfunctions with Tasks bound to the catalogue's
 * handlers; execution records live under `<dataDir>/stepfunctions`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { STATE_MACHINES, type StateMachineDefinition } from '../../../shared/state-machines.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../handlers/local-identity.ts';
import { type LocalService, type LocalServiceOptions, takePrefix } from '../service.ts';
import type { StateMachineArnOptions } from './arns.ts';
import { type LoadedStateMachine, loadStateMachine } from './definition.ts';
import { ExecutionStore } from './execution-store.ts';
import { Executions } from './executions.ts';
import { createOperations } from './operations.ts';
import { operationOf, readJsonBody, SfnError, sendError, sendJson } from './protocol.ts';

export { stateMachineArn } from './arns.ts';

export interface StepFunctionsServiceOptions extends LocalServiceOptions, StateMachineArnOptions {
  /** The state-machine catalogue; defaults to `STATE_MACHINES`. */
  readonly machines?: readonly StateMachineDefinition[];
  /** Root that catalogue paths (ASL files, handler modules) are relative to. */
  readonly repoRoot: string;
}

const MOUNT = '/_aws/sfn';
/** Generous bound for one API request (execution input itself is capped at 256 KiB by AWS). */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Loads and validates every catalogue entry (a missing ASL file, a bad definition or a Task not
 * bound to a handler fails here, at start), reopens the execution records, closes the ones a
 * previous process left running, and returns the service.
 */
export async function createStepFunctionsService(
  options: StepFunctionsServiceOptions,
): Promise<LocalService> {
  const region = options.region ?? LOCAL_REGION;
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  const arnOptions = { region, accountId, namePrefix: options.namePrefix };
  const machines = new Map<string, LoadedStateMachine>();
  for (const entry of options.machines ?? STATE_MACHINES) {
    const machine = await loadStateMachine(entry, options.repoRoot, arnOptions);
    machines.set(machine.arn, machine);
  }

  const store = await ExecutionStore.open(join(options.dataDir, 'stepfunctions'));
  const executions = new Executions(store, { repoRoot: options.repoRoot, region, accountId });
  await executions.recover();
  const operations = createOperations(machines, store, executions);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const operation = operations[operationOf(req)];
      if (!operation)
        throw new SfnError(
          'UnknownOperationException',
          `Operation not supported locally: ${req.headers['x-amz-target']}`,
        );
      sendJson(res, 200, await operation(await readJsonBody(req, BODY_LIMIT_BYTES)));
    } catch (error) {
      if (error instanceof SfnError) return sendError(res, error);
      console.error('[stepfunctions]', error);
      sendError(res, new SfnError('InternalFailure', 'Internal failure', 500));
    }
  }

  return {
    name: 'stepfunctions',
    handle(req, res) {
      if (!takePrefix(req, MOUNT)) return false;
      void serve(req, res);
      return true;
    },
    close: () => executions.shutdown(),
  };
}
