import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { createOutline } from '../../shared/generation/steps/outline.ts';

/** Step Functions task: step 5, the outline; returns the section numbers to write. */
export const handler = (ref: GenerationRef): Promise<{ sections: number[] }> =>
  runStepTask(ref, { step: 'outline_creation' }, createOutline, {
    metadata: (outline) => ({ sections: outline.sections.length }),
  });
