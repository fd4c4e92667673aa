import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { writeSection } from '../../shared/generation/steps/content-writing.ts';

/** Step Functions task (WriteSections Map): step 6, one section. */
export const handler = async (event: GenerationRef & { part: number }): Promise<void> => {
  await runStepTask(event, { step: 'content_writing', part: `section-${event.part}` }, (context) =>
    writeSection(context, event.part),
  );
};
