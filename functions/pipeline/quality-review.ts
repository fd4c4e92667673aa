import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { reviewDocument } from '../../shared/generation/steps/quality-review.ts';

/** Step Functions task: step 12, the quality review of the PDF. */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'quality_review' }, reviewDocument, {
    metadata: (review) => ({ warnings: review.warnings.map((warning) => warning.code) }),
  });
};
