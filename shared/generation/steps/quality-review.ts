/**
 * Step 12, quality review (PRD §7.2.12): the stored PDF is read back and checked against the
 * content it was rendered from (`reviewPdf`). Issues fail the run with GEN_004 (the PRD's
 * QUALITY_FAILED is a PDF problem); warnings are kept in the step's artifact for the record.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { env } from '../../config/env.ts';
import { DocumentContentSchema } from '../../content/document-content.ts';
import { expectationsFromContent, type QualityReview, reviewPdf } from '../../quality/review-pdf.ts';
import { s3Client } from '../../storage/s3-client.ts';
import { getArtifact, putArtifact } from '../artifacts.ts';
import { GenerationError } from '../job-lifecycle.ts';
import type { StepContext } from '../step-task.ts';

/** Reviews the run's PDF and stores the `quality_review` artifact; GEN_004 when it has issues. */
export async function reviewDocument(context: StepContext): Promise<QualityReview> {
  const { run, ref } = context;
  const key = run.document.pdf_file_path;
  if (!key) throw new GenerationError('GEN_004', 'The document has no PDF to review');
  const [content, object] = await Promise.all([
    getArtifact(ref, 'template_application', DocumentContentSchema),
    s3Client().send(new GetObjectCommand({ Bucket: env().FILES_BUCKET, Key: key })),
  ]);
  const pdf = await object.Body?.transformToByteArray();
  if (!pdf) throw new GenerationError('GEN_004', `The stored PDF ${key} is empty`);
  const review = await reviewPdf(pdf, expectationsFromContent(content, { author: run.client.company_name }));
  await putArtifact(ref, 'quality_review', review);
  if (!review.passed) {
    const issues = review.issues.map((issue) => issue.message).join('; ');
    throw new GenerationError('GEN_004', `The PDF failed the quality review: ${issues}`);
  }
  return review;
}
