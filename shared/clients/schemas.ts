/**
 * Request and response shapes of the client endpoints (PRD §6.3, fields of §4.2.4), shared by the
 * route table (validation, OpenAPI) and the handlers. Branding (colours, footer, logos) has its own
 * endpoints (`/clients/{client_id}/branding…`) and is only shown here, never written.
 */
import { z } from 'zod';
import { ClientBrandOverridesSchema } from '../branding/schemas.ts';
import { SLUG, TONES } from '../data/attributes.ts';
import { booleanQuery, pageQuery, sortOrder } from '../http/pagination.ts';

/** Company sizes offered by the PRD (§4.2.4 `company_size`). */
export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-500', '500+'] as const;

/** Social channels a client can connect (PRD §4.2.4 `oauth_*`). */
export const SOCIAL_CHANNELS = ['linkedin', 'facebook', 'twitter', 'google_business'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const webUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(2048)
  .describe('http(s) URL');
const phrases = (maxItems: number) => z.array(text(100)).max(maxItems);

/**
 * Editable client fields, each as it is validated on create. Updates take the same fields
 * (optional, `null` clears) except `company_name`, which can never be cleared.
 */
const editable = {
  company_name: text(255),
  contact_name: text(255),
  contact_email: z.email().max(255),
  contact_phone: text(50),
  contact_title: text(100),
  website_url: webUrl,
  industry: text(255).describe('Free text, e.g. "Healthcare Technology"'),
  company_size: z.enum(COMPANY_SIZES),
  company_description: text(5000),
  default_tone: z.enum(TONES),
  related_services: phrases(50),
  target_keywords: phrases(100),
  additional_context: text(5000),
  brand_voice_notes: text(2000),
};

/** `POST /api/v1/clients` body; the slug is derived from the company name unless given. */
export const CreateClientSchema = z.object({
  company_name: editable.company_name,
  company_slug: z
    .string()
    .max(100)
    .regex(SLUG, 'lowercase letters, digits and inner hyphens only')
    .optional()
    .describe('Unique within the agency; derived from company_name when absent (PRD §4.3.4)'),
  contact_name: editable.contact_name.optional(),
  contact_email: editable.contact_email.optional(),
  contact_phone: editable.contact_phone.optional(),
  contact_title: editable.contact_title.optional(),
  website_url: editable.website_url.optional(),
  industry: editable.industry.optional(),
  company_size: editable.company_size.optional(),
  company_description: editable.company_description.optional(),
  default_tone: editable.default_tone.optional().describe('professional when absent'),
  related_services: editable.related_services.optional(),
  target_keywords: editable.target_keywords.optional(),
  additional_context: editable.additional_context.optional(),
  brand_voice_notes: editable.brand_voice_notes.optional(),
});
export type NewClient = z.infer<typeof CreateClientSchema>;

/**
 * `PUT` (or `PATCH`) `/api/v1/clients/{client_id}` body: any editable field; `null` clears an
 * optional one. The slug is not editable: published document URLs contain it (PRD §10).
 */
export const UpdateClientSchema = z
  .object({
    company_name: editable.company_name.optional(),
    contact_name: editable.contact_name.nullable().optional(),
    contact_email: editable.contact_email.nullable().optional(),
    contact_phone: editable.contact_phone.nullable().optional(),
    contact_title: editable.contact_title.nullable().optional(),
    website_url: editable.website_url.nullable().optional(),
    industry: editable.industry.nullable().optional(),
    company_size: editable.company_size.nullable().optional(),
    company_description: editable.company_description.nullable().optional(),
    default_tone: editable.default_tone.optional(),
    related_services: editable.related_services.nullable().optional(),
    target_keywords: editable.target_keywords.nullable().optional(),
    additional_context: editable.additional_context.nullable().optional(),
    brand_voice_notes: editable.brand_voice_notes.nullable().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Nothing to update',
  });
export type ClientChanges = z.infer<typeof UpdateClientSchema>;

/** `{client_id}` of the client routes. */
export const ClientParamsSchema = z.object({ client_id: z.string().min(1).max(64) });

/** Sort fields of the client list. */
export const CLIENT_SORT_FIELDS = [
  'created_at',
  'updated_at',
  'company_name',
  'contact_name',
  'industry',
  'total_documents_generated',
  'last_document_generated_at',
] as const;

/** `GET /api/v1/clients` query (PRD §6.3 defaults: active clients, newest first). */
export const ClientListQuerySchema = z.object({
  ...pageQuery,
  search: z.string().trim().min(1).max(100).optional().describe('In company name and contact name'),
  industry: z.string().trim().min(1).max(255).optional().describe('Exact industry, ignoring case'),
  is_active: booleanQuery.default(true),
  sort: z.enum(CLIENT_SORT_FIELDS).default('created_at'),
  order: sortOrder.default('desc'),
});
export type ClientListQuery = z.infer<typeof ClientListQuerySchema>;

/**
 * `DELETE /api/v1/clients/{client_id}` query: an optional reason (a query parameter because
 * clients and proxies may drop the body of a DELETE).
 */
export const DeactivateClientQuerySchema = z.object({
  reason: z.string().trim().min(1).max(500).optional(),
});

const statistics = {
  total_documents_generated: z.number().int(),
  total_documents_distributed: z.number().int(),
  last_document_generated_at: z.string().nullable(),
};

/** A client in the list (PRD §6.3 `GET /clients`): which channels are connected, as flags. */
export const ClientListItemSchema = z.object({
  id: z.string(),
  company_name: z.string(),
  company_slug: z.string(),
  contact_name: z.string().nullable(),
  contact_email: z.string().nullable(),
  contact_phone: z.string().nullable(),
  website_url: z.string().nullable(),
  industry: z.string().nullable(),
  logo_horizontal_url: z.string().nullable(),
  is_active: z.boolean(),
  ...statistics,
  social_connections: z.object(Object.fromEntries(SOCIAL_CHANNELS.map((channel) => [channel, z.boolean()]))),
  created_at: z.string(),
});
export type ClientListItem = z.infer<typeof ClientListItemSchema>;

/**
 * One channel of a client's detail: whether it is connected and, if so, the account's display name
 * (`page_name`; `handle` for X, `location_name` for Google Business) and since when. Tokens never.
 */
export const SocialConnectionSchema = z.object({
  connected: z.boolean(),
  page_name: z.string().nullable().optional(),
  handle: z.string().nullable().optional(),
  location_name: z.string().nullable().optional(),
  connected_at: z.string().nullable().optional(),
});
export type SocialConnection = z.infer<typeof SocialConnectionSchema>;

/** A client in full (PRD §6.3 `GET /clients/{client_id}`); also what create and update answer. */
export const ClientDetailSchema = z.object({
  id: z.string(),
  company_name: z.string(),
  company_slug: z.string(),
  contact_name: z.string().nullable(),
  contact_email: z.string().nullable(),
  contact_phone: z.string().nullable(),
  contact_title: z.string().nullable(),
  website_url: z.string().nullable(),
  industry: z.string().nullable(),
  company_size: z.string().nullable(),
  company_description: z.string().nullable(),
  branding: ClientBrandOverridesSchema.describe('The client’s own overrides; null inherits the agency’s'),
  content_defaults: z.object({
    default_tone: z.enum(TONES),
    related_services: z.array(z.string()),
    target_keywords: z.array(z.string()),
    additional_context: z.string().nullable(),
    brand_voice_notes: z.string().nullable(),
  }),
  social_connections: z.object(
    Object.fromEntries(SOCIAL_CHANNELS.map((channel) => [channel, SocialConnectionSchema])),
  ),
  statistics: z.object({ ...statistics, last_document_distributed_at: z.string().nullable() }),
  is_active: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type ClientDetail = z.infer<typeof ClientDetailSchema>;

/** What deactivation answers (PRD §6.3). */
export const DeactivatedClientSchema = z.object({ message: z.string() });
