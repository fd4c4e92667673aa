import type { GenerationRef } from '../../shared/generation/job-lifecycle.ts';
import { runStepTask } from '../../shared/generation/step-task.ts';
import { renderPdfDocument } from '../../shared/generation/steps/pdf-rendering.ts';

/** Step Functions task: step 11, the PDF (Chromium). */
export const handler = async (ref: GenerationRef): Promise<void> => {
  await runStepTask(ref, { step: 'pdf_rendering' }, renderPdfDocument, {
    metadata: (pdf) => ({ pages: pdf.pdf_page_count, bytes: pdf.pdf_file_size_bytes }),
  });
};
