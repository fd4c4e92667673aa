import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { writeConclusion } from '../../shared/generation/steps/content-writing.ts';

/** Step Functions task (ContentWriting branch): step 6, the conclusion. */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'content_writing', part: 'conclusion' }, writeConclusion);
};
