/**
 * How a template item is shown: to agencies (PRD §6.6) and to super admins (§6.9).
 */
import type { z } from 'zod';
import type { TemplateItem } from '../data/entities/templates.ts';
import type { AdminTemplateSchema, TemplateDetailSchema, TemplateSummarySchema } from './schemas.ts';

/** A PRD §6.6 list item. */
export function templateSummary(item: TemplateItem): z.infer<typeof TemplateSummarySchema> {
  return {
    id: item.id,
    code: item.code,
    name: item.name,
    description: item.description ?? null,
    category: item.category ?? null,
    tags: item.tags ?? [],
    preview_image_url: item.preview_image_url ?? null,
    preview_pdf_url: item.preview_pdf_url ?? null,
    capabilities: {
      supports_charts: item.supports_charts,
      supports_statistics: item.supports_statistics,
      supports_quotes: item.supports_quotes,
      supports_tables: item.supports_tables,
      max_sections: item.max_sections ?? 10,
    },
    is_premium: item.is_premium,
    is_default: item.is_default,
  };
}

/** `GET /api/v1/templates/{template_code}`. */
export function templateDetail(item: TemplateItem): z.infer<typeof TemplateDetailSchema> {
  return { ...templateSummary(item), version: item.version, last_updated: item.updated_at };
}

/** A super-admin row; the markup itself stays out of lists (it can be hundreds of kilobytes). */
export function adminTemplate(
  item: TemplateItem,
  assignedAgencies: number,
): z.infer<typeof AdminTemplateSchema> {
  return {
    ...templateDetail(item),
    is_active: item.is_active,
    has_custom_markup: item.html_template !== undefined,
    author: item.author ?? null,
    release_notes: item.release_notes ?? null,
    sort_order: item.sort_order,
    published_at: item.published_at ?? null,
    created_at: item.created_at,
    assigned_agencies: assignedAgencies,
  };
}

/** Catalogue order: `sort_order`, then code. */
export function byCatalogueOrder(a: TemplateItem, b: TemplateItem): number {
  return a.sort_order - b.sort_order || a.code.localeCompare(b.code);
}
