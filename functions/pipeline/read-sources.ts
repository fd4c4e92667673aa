import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { readSources } from '../../shared/generation/steps/web-research.ts';

/** Step Functions task: step 3, rank and read the sources; returns the extraction batches. */
export const handler = (ref: GenerationRef): Promise<{ extract_batches: number[] }> =>
  runStepTask(ref, { step: 'web_research', part: 'read' }, readSources);
