import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { extractBatch } from '../../shared/generation/steps/web-research.ts';

/** Step Functions task (ExtractFindings Map): step 3, findings of one batch of read sources. */
export const handler = async (event: GenerationRef & { part: number }): Promise<void> => {
  await runStepTask(event, { step: 'web_research', part: `extract-${event.part}` }, (context) =>
    extractBatch(context, event.part),
  );
};
