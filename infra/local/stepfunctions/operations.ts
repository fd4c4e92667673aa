/**
 * The Step Functions API operations the local cloud answers, with the request validation and
 * error types of the real service: StartExecution, DescribeExecution, StopExecution,
 * ListExecutions, DescribeStateMachine. Dates go out as epoch seconds (the JSON protocol's
 * timestamp format).
 */
import { randomUUID } from 'node:crypto';
import type { Operation } from '../aws-json/service.ts';
import { isStateMachineArn, machineOfExecution } from './arns.ts';
import type { LoadedStateMachine } from './definition.ts';
import type { ExecutionRecord, ExecutionStatus, ExecutionStore } from './execution-store.ts';
import type { Executions } from './executions.ts';
import { sfnError } from './protocol.ts';

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;
/** Execution names: 1–80 characters, none of whitespace, brackets, wildcards, `"#%\^|~`$&,;:/` or controls. */
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

const seconds = (epochMs: number) => epochMs / 1000;

function optionalString(request: Record<string, unknown>, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw sfnError('ValidationException', `${field} must be a string`);
  return value;
}

function requiredString(request: Record<string, unknown>, field: string): string {
  const value = optionalString(request, field);
  if (value === undefined) throw sfnError('ValidationException', `${field} is required`);
  return value;
}

function summary(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    ...(record.stopDate === undefined ? {} : { stopDate: seconds(record.stopDate) }),
  };
}

function pageSize(request: Record<string, unknown>): number {
  const value = request.maxResults ?? 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw sfnError('ValidationException', `maxResults must be an integer from 0 to ${MAX_PAGE_SIZE}`);
  }
  return value === 0 ? DEFAULT_PAGE_SIZE : value;
}

/** The operations by name, over the loaded machines (by ARN) and the executions. */
export function createOperations(
  machines: ReadonlyMap<string, LoadedStateMachine>,
  store: ExecutionStore,
  executions: Executions,
): Record<string, Operation> {
  function machineFor(arn: string): LoadedStateMachine {
    if (!isStateMachineArn(arn)) throw sfnError('InvalidArn', `Invalid Arn: '${arn}'`);
    const machine = machines.get(arn);
    if (!machine) throw sfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  function executionFor(arn: string): ExecutionRecord {
    if (!machineOfExecution(arn)) throw sfnError('InvalidArn', `Invalid Arn: '${arn}'`);
    const record = store.get(arn);
    if (!record) throw sfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return record;
  }

  return {
    async StartExecution(request) {
      const machine = machineFor(requiredString(request, 'stateMachineArn'));
      const name = optionalString(request, 'name') ?? randomUUID();
      if (!EXECUTION_NAME.test(name)) throw sfnError('InvalidName', `Invalid Name: '${name}'`);
      const input = optionalString(request, 'input') ?? '{}';
      try {
        JSON.parse(input);
      } catch {
        throw sfnError(
          'InvalidExecutionInput',
          'Invalid State Machine Execution Input: input is not valid JSON',
        );
      }
      const record = await executions.start(machine, name, input);
      return { executionArn: record.executionArn, startDate: seconds(record.startDate) };
    },

    async DescribeExecution(request) {
      const record = executionFor(requiredString(request, 'executionArn'));
      return {
        ...summary(record),
        input: record.input,
        inputDetails: { included: true },
        ...(record.output === undefined ? {} : { output: record.output, outputDetails: { included: true } }),
        ...(record.error === undefined ? {} : { error: record.error }),
        ...(record.cause === undefined ? {} : { cause: record.cause }),
      };
    },

    async StopExecution(request) {
      const record = executionFor(requiredString(request, 'executionArn'));
      const stopped = await executions.stop(
        record,
        optionalString(request, 'error'),
        optionalString(request, 'cause'),
      );
      return { stopDate: seconds(stopped.stopDate ?? Date.now()) };
    },

    async ListExecutions(request) {
      const machine = machineFor(requiredString(request, 'stateMachineArn'));
      const statusFilter = optionalString(request, 'statusFilter');
      if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus)) {
        throw sfnError('ValidationException', `statusFilter must be one of ${STATUSES.join(', ')}`);
      }
      const matching = store
        .all()
        .filter((record) => record.stateMachineArn === machine.arn)
        .filter((record) => statusFilter === undefined || record.status === statusFilter);
      // The token is the ARN of the last execution returned, so later starts do not shift pages.
      const token = optionalString(request, 'nextToken');
      let offset = 0;
      if (token !== undefined) {
        const after = Buffer.from(token, 'base64url').toString('utf8');
        offset = matching.findIndex((record) => record.executionArn === after) + 1;
        if (offset === 0) throw sfnError('InvalidToken', 'Invalid Token');
      }
      const page = matching.slice(offset, offset + pageSize(request));
      const last = page.at(-1);
      const more = last !== undefined && offset + page.length < matching.length;
      return {
        executions: page.map(summary),
        ...(more ? { nextToken: Buffer.from(last.executionArn).toString('base64url') } : {}),
      };
    },

    async DescribeStateMachine(request) {
      const machine = machineFor(requiredString(request, 'stateMachineArn'));
      return {
        stateMachineArn: machine.arn,
        name: machine.name,
        status: 'ACTIVE',
        definition: machine.definition,
        roleArn: machine.roleArn,
        type: 'STANDARD',
        creationDate: seconds(machine.createdAt),
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },
  };
}
