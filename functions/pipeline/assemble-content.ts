import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { assembleContent } from '../../shared/generation/steps/content-writing.ts';

/** Step Functions task: step 6's last task, the draft assembled from its parts. */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'content_writing', part: 'assembly' }, assembleContent, {
    metadata: (draft) => ({ sections: draft.sections.length }),
  });
};
