import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { searchBatch } from '../../shared/generation/steps/web-research.ts';

/** Step Functions task (SearchSources Map): step 3, one batch of web searches. */
export const handler = async (event: GenerationRef & { part: number }): Promise<void> => {
  await runStepTask(event, { step: 'web_research', part: `search-${event.part}` }, (context) =>
    searchBatch(context, event.part),
  );
};
