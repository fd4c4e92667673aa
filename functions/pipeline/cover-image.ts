import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { prepareCover } from '../../shared/generation/steps/cover-image.ts';

/** Step Functions task: step 9, the cover image. */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'cover_image' }, prepareCover, {
    metadata: (cover) => ({
      source: cover.source,
      ...(cover.fallback_reason ? { fallback_reason: cover.fallback_reason } : {}),
    }),
  });
};
