/**
 * What the renderer needs to draw a document (`renderDocumentPdf` input), built the same way for
 * the pipeline's PDF step and for re-renders after an edit, so an edited document looks exactly
 * like the generated one: the content in the run's template, the client's resolved brand (PRD
 * §11.1.3: its colours, logo and footer, else the agency's), the client as publisher (PRD §7.2.10
 * names the client's company, never the agency), and the cover. Images that live in our files
 * bucket are inlined as `data:` URLs, so Chromium never fetches anything.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { resolveBranding } from '../branding/resolve-branding.ts';
import { env } from '../config/env.ts';
import type { DocumentContent } from '../content/document-content.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import type { RenderDocumentInput } from '../pdf/render-document.ts';
import { s3Client } from '../storage/s3-client.ts';

/** An object of the files bucket as a `data:` URL. */
async function filesObjectDataUrl(key: string): Promise<string> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: env().FILES_BUCKET, Key: key }));
  const bytes = await object.Body?.transformToByteArray();
  if (!bytes) throw new Error(`${key} is empty`);
  const type = object.ContentType?.split(';')[0] ?? 'application/octet-stream';
  return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** `url` inlined when it is one of our files (`FILES_BASE_URL/<key>`), else as it is. */
export async function inlineFilesUrl(url: string | null | undefined): Promise<string | null> {
  if (!url) return null;
  const prefix = `${env().FILES_BASE_URL.replace(/\/$/, '')}/`;
  return url.startsWith(prefix) ? filesObjectDataUrl(decodeURIComponent(url.slice(prefix.length))) : url;
}

export interface DocumentRenderSource {
  content: DocumentContent;
  client: ClientItem;
  agency: AgencyItem;
  templateCode: string;
  /** The document's cover (`cover_image_url`), if it has one. */
  coverImageUrl?: string | null;
}

/** The render input of a document. */
export async function documentRenderInput(source: DocumentRenderSource): Promise<RenderDocumentInput> {
  const { content, client, agency } = source;
  const branding = resolveBranding(client, agency, null);
  const [coverUrl, logoUrl] = await Promise.all([
    inlineFilesUrl(source.coverImageUrl),
    inlineFilesUrl(branding.logo_horizontal_url),
  ]);
  return {
    content,
    template: source.templateCode,
    brand: {
      color_accent_1: branding.color_accent_1,
      color_accent_2: branding.color_accent_2,
      color_accent_3: branding.color_accent_3,
      logo_url: logoUrl,
      cover_image_url: coverUrl,
      footer_text: branding.footer_text,
    },
    agency: { name: client.company_name, website: client.website_url ?? null },
    client: null,
  };
}
