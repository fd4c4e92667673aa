/**
 * Request and response shapes of the template endpoints (PRD §6.6 for agencies, §6.9 for super
 * admins; fields of §4.2.5), shared by the route table (validation, OpenAPI) and the handlers.
 */
import { z } from 'zod';

/** Template codes: the PRD's machine identifiers (`EXEC_01`), as CSV files and the API name them. */
export const TEMPLATE_CODE = /^[A-Z0-9_]{1,50}$/;
const templateCode = z.string().regex(TEMPLATE_CODE, 'Use A–Z, 0–9 and _ (at most 50), e.g. EXEC_01');

export const TemplateCodeParamsSchema = z.object({ template_code: templateCode });
export const TemplateIdParamsSchema = z.object({ template_id: z.string().min(1).max(64) });
export const AgencyTemplateParamsSchema = z.object({
  agency_id: z.string().min(1).max(64),
  template_id: z.string().min(1).max(64),
});

const CapabilitiesSchema = z.object({
  supports_charts: z.boolean(),
  supports_statistics: z.boolean(),
  supports_quotes: z.boolean(),
  supports_tables: z.boolean(),
  max_sections: z.number().int(),
});

/** A template as agencies see it (PRD §6.6 list item). */
export const TemplateSummarySchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  preview_image_url: z.string().nullable(),
  preview_pdf_url: z.string().nullable(),
  capabilities: CapabilitiesSchema,
  is_premium: z.boolean(),
  is_default: z.boolean(),
});

/** `GET /api/v1/templates/{template_code}`. */
export const TemplateDetailSchema = TemplateSummarySchema.extend({
  version: z.number().int(),
  last_updated: z.string(),
});

/** A template as super admins see it: everything but the markup, plus its assignment count. */
export const AdminTemplateSchema = TemplateDetailSchema.extend({
  is_active: z.boolean(),
  /** True for admin-created templates, whose markup is stored (the built-in five are files). */
  has_custom_markup: z.boolean(),
  author: z.string().nullable(),
  release_notes: z.string().nullable(),
  sort_order: z.number().int(),
  published_at: z.string().nullable(),
  created_at: z.string(),
  /** Pro agencies it is assigned to (Enterprise agencies use every template without rows). */
  assigned_agencies: z.number().int(),
});

const text = (max: number) => z.string().trim().min(1).max(max);
const markup = z.string().min(1).max(500_000);
const url = z.string().url().max(2000);

/** Fields an admin sets on create and may change on update. */
const editable = {
  name: text(255),
  description: z.string().trim().max(5000),
  category: text(50),
  tags: z.array(text(50)).max(20),
  supports_charts: z.boolean(),
  supports_statistics: z.boolean(),
  supports_quotes: z.boolean(),
  supports_tables: z.boolean(),
  max_sections: z.number().int().min(1).max(50),
  preview_image_url: url,
  preview_pdf_url: url,
  is_active: z.boolean(),
  is_premium: z.boolean(),
  is_default: z.boolean().describe('Making a template the default takes the flag from the previous one'),
  author: text(100),
  release_notes: z.string().trim().max(5000),
  sort_order: z.number().int().min(0).max(10_000),
};

/** `POST /api/v1/admin/templates`: a new (custom) template with its markup. */
export const CreateTemplateSchema = z.object({
  code: templateCode,
  name: editable.name,
  html_template: markup.describe('Template markup (sandboxed Liquid, autoescaped)'),
  css_template: markup,
  description: editable.description.optional(),
  category: editable.category.optional(),
  tags: editable.tags.default([]),
  supports_charts: editable.supports_charts.default(true),
  supports_statistics: editable.supports_statistics.default(true),
  supports_quotes: editable.supports_quotes.default(true),
  supports_tables: editable.supports_tables.default(true),
  max_sections: editable.max_sections.default(10),
  preview_image_url: editable.preview_image_url.optional(),
  preview_pdf_url: editable.preview_pdf_url.optional(),
  is_active: editable.is_active.default(true),
  is_premium: editable.is_premium.default(false),
  is_default: editable.is_default.default(false),
  author: editable.author.optional(),
  release_notes: editable.release_notes.optional(),
  sort_order: editable.sort_order.default(100),
});
export type CreateTemplate = z.infer<typeof CreateTemplateSchema>;

/** `PUT /api/v1/admin/templates/{template_id}`: any editable field; the code never changes. */
export const UpdateTemplateSchema = z
  .object({ ...editable, html_template: markup, css_template: markup })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change' });
export type UpdateTemplate = z.infer<typeof UpdateTemplateSchema>;

/** `POST /api/v1/admin/agencies/{agency_id}/templates` (PRD §6.9). */
export const AssignTemplatesSchema = z.object({
  template_ids: z.array(z.string().min(1).max(64)).min(1).max(20),
  notes: z.string().trim().max(1000).optional(),
});

/** One assignment of an agency. */
export const AssignmentSchema = z.object({
  template_id: z.string(),
  code: z.string(),
  name: z.string(),
  assigned_at: z.string(),
  assigned_by: z.string().nullable(),
  notes: z.string().nullable(),
});

/** An agency's assignments and its limit. */
export const AgencyAssignmentsSchema = z.object({
  agency_id: z.string(),
  /** `null`: the plan has no template limit and sees every template without assignments. */
  max_templates: z.number().int().nullable(),
  assigned: z.array(AssignmentSchema),
});
