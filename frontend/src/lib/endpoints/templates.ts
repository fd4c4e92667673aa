/** PRD §6.6 the templates an agency may use. */
import { get, getFile, segment } from '../api.ts';

export interface TemplateSummary {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly description: string | null;
  readonly category: string | null;
  readonly tags: string[];
  readonly preview_image_url: string | null;
  readonly capabilities: {
    readonly supports_charts: boolean;
    readonly supports_statistics: boolean;
    readonly supports_quotes: boolean;
    readonly supports_tables: boolean;
    readonly max_sections: number;
  };
  readonly is_premium: boolean;
  readonly is_default: boolean;
}

export const listTemplates = () => get<TemplateSummary[]>('/api/v1/templates');

/**
 * The template with sample content in the agency's brand, as a PDF file (behind the access token,
 * so pages show it through an object URL; thumbnails: `lib/template-previews.ts`).
 */
export const templatePreviewPdf = (code: string) => getFile(`/api/v1/templates/${segment(code)}/preview.pdf`);
