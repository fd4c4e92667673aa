import {
  type CaughtError,
  type GenerationRef,
  recordGenerationFailure,
} from '../../shared/generation/job-lifecycle.ts';

/** Step Functions task on the `Catch` path: records the error on the document and the job. */
export const handler = async (event: GenerationRef & { error: CaughtError }): Promise<void> => {
  const { error, ...ref } = event;
  await recordGenerationFailure(ref, error);
};
