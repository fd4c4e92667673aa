import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../shared/state-machines.ts';
import { type ServedService, serveService } from '../testing/serve-services.ts';
import { ExecutionStore } from './execution-store.ts';
import { createStepFunctionsService, stateMachineArn } from './stepfunctions-service.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const handlers = 'infra/local/stepfunctions/fixtures/handlers.ts';
const MACHINES: StateMachineDefinition[] = [
  {
    name: 'generate',
    definitionFile: 'infra/local/stepfunctions/fixtures/generate.asl.json',
    tasks: {
      PrepareFunction: { module: handlers, export: 'prepare' },
      WriteSectionFunction: { module: handlers, export: 'writeSection' },
    },
  },
  { name: 'hold', definitionFile: 'infra/local/stepfunctions/fixtures/hold.asl.json', tasks: {} },
];
const GENERATE = stateMachineArn('generate');
const HOLD = stateMachineArn('hold');

let served: ServedService;
let sfn: SFNClient;

async function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') return execution;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${executionArn} is still running`);
}

beforeAll(async () => {
  served = await serveService({
    tempPrefix: 'sfn-test-',
    open: (options) => createStepFunctionsService({ ...options, machines: MACHINES, repoRoot }),
  });
  sfn = new SFNClient({
    endpoint: `${served.origin}/_aws/sfn`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  sfn.destroy();
  await served.close();
});

describe('Step Functions service', () => {
  it('runs the real ASL with Task and Map states bound to the handlers', async () => {
    const input = JSON.stringify({ id: 'ok', sections: ['intro', 'market'] });
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: GENERATE, name: 'ok', input }),
    );
    expect(started.executionArn).toBe(
      'arn:aws:states:us-east-1:000000000000:execution:content-strategist-generate:ok',
    );
    expect(started.startDate).toBeInstanceOf(Date);

    const execution = await finished(started.executionArn ?? '');
    expect(execution).toMatchObject({ status: 'SUCCEEDED', name: 'ok', stateMachineArn: GENERATE, input });
    expect(execution.stopDate?.getTime()).toBeGreaterThanOrEqual(execution.startDate?.getTime() ?? 0);
    expect(JSON.parse(execution.output ?? '')).toEqual({
      id: 'ok',
      sections: ['intro', 'market'],
      attempts: 1,
      written: [
        {
          section: 'intro',
          text: 'About intro',
          writtenBy: 'infra-local-stepfunctions-fixtures-handlers-writeSection',
        },
        {
          section: 'market',
          text: 'About market',
          writtenBy: 'infra-local-stepfunctions-fixtures-handlers-writeSection',
        },
      ],
    });
  });

  it('retries a task whose handler throws a retryable error', async () => {
    const input = JSON.stringify({ id: 'flaky', sections: [], flakyAttempts: 1 });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: GENERATE, input }));
    const execution = await finished(executionArn ?? '');
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toMatchObject({ attempts: 2, written: [] });
  });

  it('catches a handler error into the Fail state', async () => {
    const input = JSON.stringify({ id: 'broken', sections: ['intro'], fail: 'no sources found' });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: GENERATE, input }));
    const execution = await finished(executionArn ?? '');
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('GenerationFailed');
    expect(JSON.parse(execution.cause ?? '')).toMatchObject({
      errorType: 'Error',
      errorMessage: 'no sources found',
    });
    expect(execution.output).toBeUndefined();
  });

  it('stops a running execution as ABORTED', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: HOLD, name: 'to-stop' }),
    );
    const stopped = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'UserCancelled', cause: 'test' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'UserCancelled', cause: 'test' });
  });

  it('is idempotent for a running name and input, and refuses any other reuse of a name', async () => {
    const first = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: HOLD, name: 'once', input: '{"a":1}' }),
    );
    const again = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: HOLD, name: 'once', input: '{"a":1}' }),
    );
    expect(again.executionArn).toBe(first.executionArn);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: HOLD, name: 'once', input: '{"a":2}' })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    await sfn.send(new StopExecutionCommand({ executionArn: first.executionArn }));
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: HOLD, name: 'once', input: '{"a":1}' })),
    ).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('answers unknown ARNs and bad input with the real error types', async () => {
    const missingMachine = sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineArn('nope') }));
    await expect(missingMachine).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(missingMachine).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    const missingExecution = sfn.send(
      new DescribeExecutionCommand({
        executionArn: `${HOLD.replace(':stateMachine:', ':execution:')}:never`,
      }),
    );
    await expect(missingExecution).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: HOLD, input: '{not json' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: HOLD, name: 'has space' })),
    ).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:nope' }))).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });

  it('lists executions newest first, by status, in pages', async () => {
    for (const name of ['list-1', 'list-2', 'list-3']) {
      await sfn.send(new StartExecutionCommand({ stateMachineArn: HOLD, name }));
    }
    const firstPage = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: HOLD, statusFilter: 'RUNNING', maxResults: 2 }),
    );
    const secondPage = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: HOLD,
        statusFilter: 'RUNNING',
        nextToken: firstPage.nextToken,
      }),
    );
    const names = [...(firstPage.executions ?? []), ...(secondPage.executions ?? [])].map((e) => e.name);
    expect(names.slice(0, 3)).toEqual(['list-3', 'list-2', 'list-1']);
    expect(secondPage.nextToken).toBeUndefined();
    expect(names).not.toContain('to-stop');
  });

  it('describes a state machine with its substituted definition', async () => {
    const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: GENERATE }));
    expect(machine).toMatchObject({
      name: 'content-strategist-generate',
      status: 'ACTIVE',
      type: 'STANDARD',
    });
    expect(machine.definition).toContain(
      '"Resource": "arn:aws:lambda:us-east-1:000000000000:function:infra-local-stepfunctions-fixtures-handlers-prepare"',
    );
  });

  it('keeps execution records across a restart and aborts what was left running', async () => {
    const { executionArn: succeeded } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: GENERATE, input: '{"id":"kept","sections":[]}' }),
    );
    await finished(succeeded ?? '');
    const { executionArn: running } = await sfn.send(new StartExecutionCommand({ stateMachineArn: HOLD }));
    const orphan = `${HOLD.replace(':stateMachine:', ':execution:')}:orphan`;
    await served.restart(async () => {
      // A process that died mid-run leaves RUNNING on disk; write one as it would.
      const store = await ExecutionStore.open(join(served.dataDir, 'stepfunctions'));
      await store.save({
        executionArn: orphan,
        stateMachineArn: HOLD,
        name: 'orphan',
        status: 'RUNNING',
        input: '{}',
        startDate: Date.now(),
      });
    });
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: succeeded }))).toMatchObject({
      status: 'SUCCEEDED',
    });
    for (const executionArn of [running, orphan]) {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(execution).toMatchObject({ status: 'ABORTED', error: 'LocalRuntimeStopped' });
      expect(execution.stopDate).toBeInstanceOf(Date);
    }
  });
});
