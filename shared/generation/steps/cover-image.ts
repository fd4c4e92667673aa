/**
 * Step 9, cover image (PRD §7.2.9): the client's uploaded cover, a Freepik photo or the brand
 * gradient (`chooseCover` decides and stores it under the document's prefix), in the client's
 * resolved brand colours. A Freepik failure is a fallback, not a failure of the run.
 */
import { z } from 'zod';
import { resolveBranding } from '../../branding/resolve-branding.ts';
import type { ChosenCover } from '../../covers/choose-cover.ts';
import { chooseCover } from '../../covers/choose-cover.ts';
import { getArtifact, putArtifact } from '../artifacts.ts';
import { GenerationError } from '../job-lifecycle.ts';
import type { StepContext } from '../step-task.ts';
import { TopicAnalysisArtifactSchema } from './topic-analysis.ts';

/** The `cover_image` artifact (`ChosenCover`: where the image is and where it came from). */
export const CoverArtifactSchema = z
  .object({
    source: z.enum(['uploaded', 'freepik', 'generated']),
    bucket: z.string(),
    s3_key: z.string(),
    url: z.string(),
    content_type: z.string(),
    freepik_id: z.number().optional(),
  })
  .loose();

/** Chooses and stores the cover; stores the `cover_image` artifact. */
export async function prepareCover(context: StepContext): Promise<ChosenCover> {
  const analysis = await getArtifact(context.ref, 'topic_analysis', TopicAnalysisArtifactSchema);
  const { run, brief } = context;
  let cover: ChosenCover;
  try {
    cover = await chooseCover({
      agency: run.agency,
      client: { id: run.client.id, industry: brief.industry },
      document_id: run.document.id,
      topic: analysis.refined_topic,
      keywords: brief.keywords,
      brand: resolveBranding(run.client, run.agency, null),
      search: run.document.input_cover_image_search ?? null,
    });
  } catch (error) {
    throw new GenerationError(
      'GEN_007',
      `The cover image could not be prepared: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  await putArtifact(context.ref, 'cover_image', cover);
  return cover;
}
