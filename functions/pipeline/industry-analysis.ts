import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { analyzeIndustry } from '../../shared/generation/steps/industry-analysis.ts';

/** Step Functions task: step 4, industry analysis. */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'industry_analysis' }, analyzeIndustry, {
    metadata: (analysis) => ({ benchmarks: analysis.benchmarks.length }),
  });
};
