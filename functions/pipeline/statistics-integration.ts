import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { integrateStatistics } from '../../shared/generation/steps/statistics-integration.ts';

/** Step Functions task: step 7, statistics integration (the provenance gate). */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'statistics_integration' }, integrateStatistics, {
    metadata: ({ counts }) => ({ ...counts }),
  });
};
