/**
 * Request and response schemas of the brand-kit routes (PRD §6.3 client branding, §6.7 agency
 * branding and logos), shared by the handlers, the route table and the OpenAPI document.
 */
import { z } from 'zod';
import { HEX_COLOR } from '../data/attributes.ts';
import { COLOR_MODES } from '../data/entities/agencies.ts';

const hex = z.string().regex(HEX_COLOR, 'Must be a #RRGGBB colour');
const footer = z.string().trim().max(500);

/** Logo kinds of an agency (PRD §6.7). */
export const AGENCY_LOGO_TYPES = ['horizontal', 'vertical', 'round', 'favicon'] as const;
/** Logo kinds of a client (PRD §6.3): no favicon, the dashboard shows the agency's. */
export const CLIENT_LOGO_TYPES = ['horizontal', 'vertical', 'round'] as const;

export type AgencyLogoType = (typeof AGENCY_LOGO_TYPES)[number];
export type ClientLogoType = (typeof CLIENT_LOGO_TYPES)[number];

/** `PUT /api/v1/agency/branding`: any of the colours, the colour mode and the footer. */
export const AgencyBrandingBodySchema = z
  .strictObject({
    color_mode: z.enum(COLOR_MODES).optional(),
    color_accent_1: hex.optional(),
    color_accent_2: hex.optional(),
    color_accent_3: hex.optional(),
    /** `null` removes the footer (documents then show the default). */
    footer_text: footer.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field');
export type AgencyBrandingBody = z.output<typeof AgencyBrandingBodySchema>;

/** `PUT /api/v1/clients/{client_id}/branding`: overrides; `null` removes one (inherit the agency's). */
export const ClientBrandingBodySchema = z
  .strictObject({
    color_accent_1: hex.nullable().optional(),
    color_accent_2: hex.nullable().optional(),
    color_accent_3: hex.nullable().optional(),
    footer_text: footer.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field');
export type ClientBrandingBody = z.output<typeof ClientBrandingBodySchema>;

/** Path parameters of the client branding routes. */
export const ClientParamsSchema = z.object({ client_id: z.uuid() });

/** The agency's brand kit as `GET /api/v1/agency` shows it. */
export const AgencyBrandingSchema = z.object({
  color_mode: z.enum(COLOR_MODES),
  color_accent_1: z.string(),
  color_accent_2: z.string(),
  color_accent_3: z.string(),
  logo_horizontal_url: z.string().nullable(),
  logo_vertical_url: z.string().nullable(),
  logo_round_url: z.string().nullable(),
  logo_favicon_url: z.string().nullable(),
});

/** A client's brand overrides (`null` = inherited from the agency). */
export const ClientBrandOverridesSchema = z.object({
  logo_horizontal_url: z.string().nullable(),
  logo_vertical_url: z.string().nullable(),
  logo_round_url: z.string().nullable(),
  color_accent_1: z.string().nullable(),
  color_accent_2: z.string().nullable(),
  color_accent_3: z.string().nullable(),
  footer_text: z.string().nullable(),
});

/** A client's overrides as the branding endpoints answer them. */
export const ClientBrandingSchema = ClientBrandOverridesSchema.extend({ client_id: z.string() });

/** The answer to a logo or cover upload. */
export const UploadedImageSchema = z.object({
  type: z.string(),
  url: z.string(),
  /** PRD §6.3 names the client logo's URL `logo_url`; both carry the same value. */
  logo_url: z.string().optional(),
  content_type: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  file_size_bytes: z.number().int(),
});

const contrast = z.object({
  color: z.string(),
  text_on_color: z.object({ text_color: z.string(), ratio: z.number(), passes_aa: z.boolean() }),
  as_text: z.object({
    ratio: z.number(),
    passes_aa: z.boolean(),
    passes_aa_large: z.boolean(),
    text_safe_color: z.string(),
    text_safe_ratio: z.number(),
  }),
});

/** `GET /api/v1/clients/{client_id}/branding/resolved` (PRD §11.1.3 with §8.2 colours). */
export const ResolvedBrandingSchema = z.object({
  client_id: z.string(),
  company_name: z.string(),
  company_website: z.string().nullable(),
  color_mode: z.enum(COLOR_MODES),
  color_accent_1: z.string(),
  color_accent_2: z.string(),
  color_accent_3: z.string(),
  logo_horizontal_url: z.string().nullable(),
  logo_vertical_url: z.string().nullable(),
  logo_round_url: z.string().nullable(),
  footer_text: z.string(),
  cover_image: z.object({ url: z.string(), width: z.number(), height: z.number() }).nullable(),
  /** Which values came from the client and which from the agency. */
  sources: z.record(z.string(), z.enum(['client', 'agency', 'default'])),
  pdf_colors: z.record(z.string(), z.string()),
  contrast: z.object({
    level: z.literal('AA'),
    background: z.string(),
    primary: contrast,
    secondary: contrast,
    accent: contrast,
    passes_aa: z.boolean(),
    warnings: z.array(z.string()),
  }),
});
export type ResolvedBranding = z.output<typeof ResolvedBrandingSchema>;
