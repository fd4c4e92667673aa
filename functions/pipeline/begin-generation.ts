import { beginGeneration, type GenerationRef } from '../../shared/generation/job-lifecycle.ts';

/** Step Functions task: opens the generation run. */
export const handler = async (event: GenerationRef & { execution_arn?: string }): Promise<GenerationRef> => {
  const { execution_arn: executionArn, ...ref } = event;
  return beginGeneration(ref, executionArn);
};
