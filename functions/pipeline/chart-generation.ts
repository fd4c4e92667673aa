import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { generateCharts } from '../../shared/generation/steps/chart-generation.ts';

/** Step Functions task: step 8, charts from verified statistics. */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'chart_generation' }, generateCharts, {
    metadata: (charts) => ({ charts: charts.length }),
  });
};
