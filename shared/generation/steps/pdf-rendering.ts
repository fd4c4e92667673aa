/**
 * Step 11, PDF rendering (PRD §7.2.11): the validated content rendered by Chromium from the same
 * input a content edit re-renders from (`documentRenderInput`: the run's template, the client's
 * resolved brand, the client as publisher, the logo and a cover photo embedded from the files
 * bucket), stored in the files bucket under the document's prefix, and recorded on the document
 * (`pdf_*` and `cover_image_*` fields).
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { env } from '../../config/env.ts';
import { DocumentContentSchema } from '../../content/document-content.ts';
import { COVER_IMAGE_SOURCES } from '../../data/entities/documents.ts';
import { service } from '../../data/service.ts';
import { documentRenderInput } from '../../documents/render-input.ts';
import { renderDocumentPdf } from '../../pdf/render-document.ts';
import { s3Client } from '../../storage/s3-client.ts';
import { slugify } from '../../text/slug.ts';
import { getArtifact } from '../artifacts.ts';
import { GenerationError } from '../job-lifecycle.ts';
import { runTemplate } from '../run-template.ts';
import type { StepContext } from '../step-task.ts';
import { CoverArtifactSchema } from './cover-image.ts';

/** What the step records about the PDF. */
export interface RenderedDocument {
  pdf_file_path: string;
  pdf_url: string;
  pdf_file_size_bytes: number;
  pdf_page_count: number;
}

const filesUrl = (key: string) => `${env().FILES_BASE_URL.replace(/\/$/, '')}/${key}`;

/** Renders, stores and records the PDF. */
export async function renderPdfDocument(context: StepContext): Promise<RenderedDocument> {
  const { run, ref } = context;
  const [content, cover, template] = await Promise.all([
    getArtifact(ref, 'template_application', DocumentContentSchema),
    getArtifact(ref, 'cover_image', CoverArtifactSchema),
    runTemplate(run),
  ]);
  const coverSource = COVER_IMAGE_SOURCES.find((source) => source === cover.source) ?? 'generated';
  // Read before rendering: a transient S3 error is retried, not reported as a rendering failure.
  const input = await documentRenderInput({
    content,
    client: run.client,
    agency: run.agency,
    templateCode: template.code,
    coverImageUrl: cover.url,
    coverImageSource: coverSource,
  });
  let pdf: Uint8Array;
  let pageCount: number;
  try {
    await context.progress({ detail: `Rendering with the ${template.code} design` });
    const rendered = await renderDocumentPdf(input);
    pdf = rendered.pdf;
    pageCount = rendered.pageCount;
  } catch (error) {
    throw new GenerationError(
      'GEN_004',
      `The PDF could not be rendered: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const key = `agencies/${ref.agency_id}/documents/${ref.document_id}/${slugify(content.title) || 'document'}.pdf`;
  await s3Client().send(
    new PutObjectCommand({ Bucket: env().FILES_BUCKET, Key: key, Body: pdf, ContentType: 'application/pdf' }),
  );
  const recorded: RenderedDocument = {
    pdf_file_path: key,
    pdf_url: filesUrl(key),
    pdf_file_size_bytes: pdf.byteLength,
    pdf_page_count: pageCount,
  };
  await service()
    .entities.document.patch({ agency_id: ref.agency_id, id: ref.document_id })
    .set({
      ...recorded,
      cover_image_url: cover.url,
      cover_image_source: coverSource,
      ...(cover.freepik_id !== undefined ? { cover_image_freepik_id: String(cover.freepik_id) } : {}),
    })
    .go();
  return recorded;
}
