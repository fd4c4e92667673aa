import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { applyTemplate } from '../../shared/generation/steps/template-application.ts';

/** Step Functions task: step 10, the content assembled and validated for the template. */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'template_application' }, applyTemplate, {
    metadata: (content) => ({ sources: content.sources.length, words: content.metadata.word_count }),
  });
};
