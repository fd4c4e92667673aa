import { failGeneration } from '../../shared/generation/fail-generation.ts';
import type { CaughtError, GenerationRef } from '../../shared/generation/job-lifecycle.ts';

/** Step Functions task on the `Catch` path: records the error on the document and the job, and notifies. */
export const handler = async (event: GenerationRef & { error: CaughtError }): Promise<void> => {
  const { error, ...ref } = event;
  await failGeneration(ref, error);
};
