/**
 * Step Functions for the local cloud, mounted at `/_aws/sfn`: `@aws-sdk/client-sfn` with
 * `endpoint: <origin>/_aws/sfn` (or `AWS_ENDPOINT_URL_SFN`) works unchanged. Each catalogue
 * entry runs its real ASL file in aws-local-stepfunctions with Tasks bound to the catalogue's
 * handlers; execution records live under `<dataDir>/stepfunctions`.
 */
import { join } from 'node:path';
import { STATE_MACHINES, type StateMachineDefinition } from '../../../shared/state-machines.ts';
import { awsJsonService } from '../aws-json/service.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../handlers/local-identity.ts';
import type { LocalService, LocalServiceOptions } from '../service.ts';
import type { StateMachineArnOptions } from './arns.ts';
import { type LoadedStateMachine, loadStateMachine } from './definition.ts';
import { ExecutionStore } from './execution-store.ts';
import { Executions } from './executions.ts';
import { createOperations } from './operations.ts';
import { sfnProtocol } from './protocol.ts';

export { stateMachineArn } from './arns.ts';

export interface StepFunctionsServiceOptions extends LocalServiceOptions, StateMachineArnOptions {
  /** The state-machine catalogue; defaults to `STATE_MACHINES`. */
  readonly machines?: readonly StateMachineDefinition[];
  /** Root that catalogue paths (ASL files, handler modules) are relative to. */
  readonly repoRoot: string;
}

const MOUNT = '/_aws/sfn';

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
  return awsJsonService({
    name: 'stepfunctions',
    mount: MOUNT,
    protocol: sfnProtocol,
    operations: createOperations(machines, store, executions),
    internalErrorType: 'InternalFailure',
    close: () => executions.shutdown(),
  });
}
