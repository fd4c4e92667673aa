/** PRD §6.6 the templates an agency may use. */
import { get } from '../api.ts';

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
