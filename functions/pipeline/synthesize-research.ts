import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { synthesizeResearch } from '../../shared/generation/steps/web-research.ts';

/** Step Functions task: step 3's last task, the synthesis of the research. */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'web_research', part: 'synthesis' }, synthesizeResearch, {
    metadata: ({ counts }) => ({ ...counts }),
  });
};
