import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { analyzeTopic } from '../../shared/generation/steps/topic-analysis.ts';

/** Step Functions task: step 1, topic analysis. */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'topic_analysis' }, analyzeTopic, {
    metadata: (analysis) => ({ estimated_sources_needed: analysis.estimated_sources_needed }),
  });
};
