/**
 * What the renderer needs to draw a document (`renderDocumentPdf` input), built the same way for
 * the pipeline's PDF step and for re-renders after an edit, so an edited document looks exactly
 * like the generated one: the content in the run's template, the client's resolved brand (PRD
 * §11.1.3: its colours, logo and footer, else the agency's), the client as publisher (PRD §7.2.10
 * names the client's company, never the agency), and the cover. The renderer loads nothing but
 * `data:` URLs, so the logo and a cover photo are embedded from the files bucket.
 */
import { resolveBranding } from '../branding/resolve-branding.ts';
import type { DocumentContent } from '../content/document-content.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import type { DocumentItem } from '../data/entities/documents.ts';
import type { RenderDocumentInput } from '../pdf/render-document.ts';
import { embedFileImage } from '../storage/embed-file-image.ts';

export interface DocumentRenderSource {
  content: DocumentContent;
  client: ClientItem;
  agency: AgencyItem;
  templateCode: string;
  /** The document's cover (`cover_image_url`), if it has one. */
  coverImageUrl?: string | null;
  /** Where the cover came from (`cover_image_source`). */
  coverImageSource?: DocumentItem['cover_image_source'] | null;
}

/** The render input of a document. */
export async function documentRenderInput(source: DocumentRenderSource): Promise<RenderDocumentInput> {
  const { content, client, agency } = source;
  const branding = resolveBranding(client, agency, null);
  // The templates draw the brand gradient themselves; only a photo is passed as the cover image.
  const photo = source.coverImageSource === 'uploaded' || source.coverImageSource === 'freepik';
  const [coverUrl, logoUrl] = await Promise.all([
    photo ? embedFileImage(source.coverImageUrl, agency.id) : null,
    embedFileImage(branding.logo_horizontal_url, agency.id),
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
