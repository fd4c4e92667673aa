import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { researchKeywords } from '../../shared/generation/steps/keyword-research.ts';

/** Step Functions task: step 2, keyword research; returns the search batches to run. */
export const handler = (ref: GenerationRef): Promise<{ search_batches: number[] }> =>
  runStepTask(ref, { step: 'keyword_research' }, researchKeywords, {
    metadata: (plan) => ({ search_batches: plan.search_batches.length }),
  });
