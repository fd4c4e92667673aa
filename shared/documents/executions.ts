/**
 * The generation state machine's executions, as the document endpoints drive them: one execution
 * per generation job, named by the job id (so a job can never run twice), and stopped when its
 * document is deleted mid-run (no credits spent on a document nobody will see).
 */
import { SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { env } from '../config/env.ts';
import type { GenerationRef } from '../generation/job-lifecycle.ts';

let client: SFNClient | undefined;

function sfn(): SFNClient {
  client ??= new SFNClient({});
  return client;
}

/** Starts the generation of `ref`; returns the execution ARN. */
export async function startGenerationExecution(ref: GenerationRef): Promise<string> {
  const { executionArn } = await sfn().send(
    new StartExecutionCommand({
      stateMachineArn: env().GENERATE_STATE_MACHINE_ARN,
      name: ref.job_id,
      input: JSON.stringify(ref),
    }),
  );
  if (!executionArn) throw new Error('StartExecution answered without an execution ARN');
  return executionArn;
}

/** Stops a running execution; one that already ended is left as it is. */
export async function stopGenerationExecution(executionArn: string, cause: string): Promise<void> {
  await sfn().send(new StopExecutionCommand({ executionArn, error: 'DocumentDeleted', cause }));
}
