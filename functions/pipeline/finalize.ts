import { finalizeGeneration } from '../../shared/generation/finalize.ts';
import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';

/** Step Functions task: the run succeeded; the document becomes ready. */
export const handler = (ref: GenerationRef): Promise<void> => finalizeGeneration(ref);
