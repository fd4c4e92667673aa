/**
 * The document a template preview shows (PRD §4.2.5 preview, issue 5 item 10): the built-in sample
 * content in the calling agency's brand kit — its accents, its logo, its contact details — marked
 * as a sample on the cover (the content's `metadata.sample` badge) and in the footer of every page.
 */
import { createHash } from 'node:crypto';
import { SAMPLE_CONTENT_INPUT, sampleContent } from '../content/sample-content.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { RenderDocumentInput } from '../pdf/render-document.ts';
import { embedFileImage } from '../storage/embed-file-image.ts';

/** What a preview is rendered from, and a hash of everything in it that varies per agency. */
export interface PreviewSample {
  readonly input: Omit<RenderDocumentInput, 'template'>;
  /** Changes whenever the agency's brand or contact details (or the sample content) change. */
  readonly brandHash: string;
}

/** Marks every page of a preview, not only the cover. */
export const SAMPLE_FOOTER_PREFIX = 'Sample document';

type BrandedAgency = Pick<
  AgencyItem,
  | 'name'
  | 'color_accent_1'
  | 'color_accent_2'
  | 'color_accent_3'
  | 'logo_horizontal_url'
  | 'logo_vertical_url'
  | 'logo_round_url'
  | 'company_website'
  | 'company_email'
  | 'company_phone'
  | 'company_address'
  | 'footer_text'
>;

/** The sample document in `agency`'s brand; the logo is still the stored URL (see {@link inlineLogo}). */
export function previewSample(agency: BrandedAgency, now = new Date()): PreviewSample {
  const footer = agency.footer_text || `© ${now.getUTCFullYear()} ${agency.name}`;
  const input: PreviewSample['input'] = {
    content: sampleContent(),
    brand: {
      color_accent_1: agency.color_accent_1,
      color_accent_2: agency.color_accent_2,
      color_accent_3: agency.color_accent_3,
      logo_url: agency.logo_horizontal_url ?? agency.logo_vertical_url ?? agency.logo_round_url ?? null,
      footer_text: `${SAMPLE_FOOTER_PREFIX} · ${footer}`,
    },
    agency: {
      name: agency.name,
      website: agency.company_website ?? null,
      email: agency.company_email ?? null,
      phone: agency.company_phone ?? null,
      address: agency.company_address ?? null,
    },
    client: { name: 'Your client' },
  };
  // Logo URLs are content-addressed (`store-image.ts`): the URL names the exact bytes.
  const brandHash = createHash('sha256')
    .update(JSON.stringify({ brand: input.brand, agency: input.agency, client: input.client }))
    .update(JSON.stringify(SAMPLE_CONTENT_INPUT))
    .digest('hex');
  return { input, brandHash };
}

/**
 * The preview input with the logo embedded as a `data:` URL (the renderer loads nothing else); a
 * logo that is not the agency's file or is gone is left out rather than failing the preview.
 */
export async function inlineLogo(sample: PreviewSample, agencyId: string): Promise<PreviewSample['input']> {
  const logoUrl = await embedFileImage(sample.input.brand.logo_url, agencyId);
  return { ...sample.input, brand: { ...sample.input.brand, logo_url: logoUrl } };
}
