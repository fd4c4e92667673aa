/**
 * Step 11, PDF rendering (PRD §7.2.11): the validated content in the run's template and the
 * client's resolved brand (its colours, logo and footer, else the agency's), rendered by
 * Chromium, stored in the files bucket under the document's prefix, and recorded on the document
 * (`pdf_*` and `cover_image_*` fields).
 *
 * The document is the client's publication (PRD §7.2.10 names the client's company, never the
 * agency): the client is the publisher on the cover and the back page. Images the brand kit keeps
 * in the files bucket are inlined as `data:` URLs, so Chromium never fetches anything.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { resolveBranding } from '../../branding/resolve-branding.ts';
import { env } from '../../config/env.ts';
import { DocumentContentSchema } from '../../content/document-content.ts';
import { COVER_IMAGE_SOURCES } from '../../data/entities/documents.ts';
import { service } from '../../data/service.ts';
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

/** An object of the files bucket as a `data:` URL. */
async function dataUrl(bucket: string, key: string): Promise<string> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = await object.Body?.transformToByteArray();
  if (!bytes) throw new Error(`${key} is empty`);
  const type = object.ContentType?.split(';')[0] ?? 'application/octet-stream';
  return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** A brand image: inlined when it lives in our files bucket, else left for the renderer to judge. */
async function brandImage(url: string | null): Promise<string | null> {
  if (!url) return null;
  const prefix = `${env().FILES_BASE_URL.replace(/\/$/, '')}/`;
  return url.startsWith(prefix)
    ? dataUrl(env().FILES_BUCKET, decodeURIComponent(url.slice(prefix.length)))
    : url;
}

/** Renders, stores and records the PDF. */
export async function renderPdfDocument(context: StepContext): Promise<RenderedDocument> {
  const { run, ref } = context;
  const [content, cover, template] = await Promise.all([
    getArtifact(ref, 'template_application', DocumentContentSchema),
    getArtifact(ref, 'cover_image', CoverArtifactSchema),
    runTemplate(run),
  ]);
  const branding = resolveBranding(run.client, run.agency, null);
  let pdf: Uint8Array;
  let pageCount: number;
  try {
    // The templates draw the brand gradient themselves; only a photo is passed as the cover image.
    const [coverUrl, logoUrl] = await Promise.all([
      cover.source === 'generated' ? null : dataUrl(cover.bucket, cover.s3_key),
      brandImage(branding.logo_horizontal_url),
    ]);
    await context.progress({ detail: `Rendering with the ${template.code} design` });
    const rendered = await renderDocumentPdf({
      content,
      brand: {
        color_accent_1: branding.color_accent_1,
        color_accent_2: branding.color_accent_2,
        color_accent_3: branding.color_accent_3,
        logo_url: logoUrl,
        cover_image_url: coverUrl,
        footer_text: branding.footer_text,
      },
      agency: { name: run.client.company_name, website: run.client.website_url ?? null },
      client: null,
      template: template.code,
    });
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
  const coverSource = COVER_IMAGE_SOURCES.find((source) => source === cover.source) ?? 'generated';
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
