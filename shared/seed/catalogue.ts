/**
 * The platform catalogue every installation starts with: the four PRD §4.2.1 plans (exact
 * names, prices and limits) and the five built-in templates' catalogue rows. The templates'
 * designs live in `templates/<CODE>/`; these rows are what the API lists and assigns.
 */
import type { PlanItem } from '../data/entities/plans.ts';

type PlanRow = Omit<PlanItem, 'id' | 'created_at' | 'updated_at' | 'is_active' | 'is_visible'>;

const PRO_DESCRIPTION = 'For growing agencies ready to scale their content operation';
const ENTERPRISE_DESCRIPTION = 'For established agencies requiring full white-label capabilities';

export const PLAN_CATALOGUE: readonly PlanRow[] = [
  {
    name: 'pro_annual',
    display_name: 'Pro (Annual)',
    description: PRO_DESCRIPTION,
    price_cents: 1_000_000,
    billing_period: 'annual',
    max_seats: 50,
    max_templates: 5,
    custom_domain_allowed: false,
    client_image_upload_allowed: false,
    api_key_mode: 'byok',
    included_api_credits_cents: 0,
    sort_order: 1,
    badge_text: 'Best Value',
  },
  {
    name: 'pro_monthly',
    display_name: 'Pro (Monthly)',
    description: PRO_DESCRIPTION,
    price_cents: 200_000,
    billing_period: 'monthly',
    max_seats: 50,
    max_templates: 5,
    custom_domain_allowed: false,
    client_image_upload_allowed: false,
    api_key_mode: 'byok',
    included_api_credits_cents: 0,
    sort_order: 2,
  },
  {
    name: 'enterprise_annual',
    display_name: 'Enterprise (Annual)',
    description: ENTERPRISE_DESCRIPTION,
    price_cents: 2_000_000,
    billing_period: 'annual',
    max_seats: 200,
    custom_domain_allowed: true,
    client_image_upload_allowed: true,
    api_key_mode: 'included',
    included_api_credits_cents: 100_000,
    sort_order: 3,
    badge_text: 'Full Featured',
  },
  {
    name: 'enterprise_monthly',
    display_name: 'Enterprise (Monthly)',
    description: ENTERPRISE_DESCRIPTION,
    price_cents: 500_000,
    billing_period: 'monthly',
    max_seats: 200,
    custom_domain_allowed: true,
    client_image_upload_allowed: true,
    api_key_mode: 'included',
    included_api_credits_cents: 100_000,
    sort_order: 4,
  },
];

/** Catalogue row of a built-in template (PRD §4.2.5 fields; the design is in `templates/`). */
export interface TemplateRow {
  code: string;
  name: string;
  description: string;
  category: 'executive' | 'minimal' | 'modern' | 'corporate' | 'creative';
  tags: string[];
  supports_charts: boolean;
  supports_statistics: boolean;
  supports_quotes: boolean;
  supports_tables: boolean;
  max_sections: number;
  is_premium: boolean;
  is_default: boolean;
  sort_order: number;
}

const FULL_CAPABILITIES = {
  supports_charts: true,
  supports_statistics: true,
  supports_quotes: true,
  supports_tables: true,
} as const;

export const TEMPLATE_CATALOGUE: readonly TemplateRow[] = [
  {
    code: 'EXEC_01',
    name: 'Executive Professional',
    description: 'Board-ready layout with a strong cover, numbered sections and restrained data callouts.',
    category: 'executive',
    tags: ['professional', 'data-heavy'],
    ...FULL_CAPABILITIES,
    max_sections: 10,
    is_premium: false,
    is_default: true,
    sort_order: 1,
  },
  {
    code: 'MINIMAL_02',
    name: 'Minimal Modern',
    description: 'Generous white space, one accent colour and typography-led hierarchy.',
    category: 'minimal',
    tags: ['minimal', 'clean'],
    ...FULL_CAPABILITIES,
    max_sections: 8,
    is_premium: false,
    is_default: false,
    sort_order: 2,
  },
  {
    code: 'MODERN_03',
    name: 'Modern',
    description: 'Bold section openers, card-style statistics and colourful charts.',
    category: 'modern',
    tags: ['modern', 'visual'],
    ...FULL_CAPABILITIES,
    max_sections: 10,
    is_premium: false,
    is_default: false,
    sort_order: 3,
  },
  {
    code: 'CORPORATE_04',
    name: 'Corporate Classic',
    description: 'Two-column report style with ruled tables and a formal serif voice.',
    category: 'corporate',
    tags: ['professional', 'formal', 'tables'],
    ...FULL_CAPABILITIES,
    max_sections: 12,
    is_premium: false,
    is_default: false,
    sort_order: 4,
  },
  {
    code: 'BOLD_05',
    name: 'Bold Impact',
    description: 'Full-bleed colour, oversized numbers and pull quotes for campaigns that must stand out.',
    category: 'creative',
    tags: ['bold', 'visual', 'premium'],
    ...FULL_CAPABILITIES,
    max_sections: 8,
    is_premium: true,
    is_default: false,
    sort_order: 5,
  },
];
