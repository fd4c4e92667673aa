/**
 * PDF templates (PRD §4.2.5), managed by platform staff. Global (not tenant data). The built-in
 * five are files under `templates/`; admin-created ones carry their markup in `html_template` /
 * `css_template` (a sandboxed, autoescaping language — DECISIONS.md).
 *
 * Access patterns:
 * - `byId`   (table): template by id — get `{ id }`.
 * - `byCode` (gsi1):  template by code (CSV imports, API), or the whole catalogue — query
 *   `{ code }` / `{}` (one small partition). Uniqueness of `code`: `unique` marker `template_code`.
 */
import { Entity, type EntityItem } from 'electrodb';
import { counter, createdAt, flag, id, SERVICE, stringList, timestamp, updatedAt } from '../attributes.ts';

/** The template entity. */
export const template = new Entity({
  model: { entity: 'template', version: '1', service: SERVICE },
  attributes: {
    id: id(),
    /** Machine identifier, e.g. `EXEC_01`. */
    code: { type: 'string', required: true, validate: /^[A-Z0-9_]{1,50}$/ },
    name: { type: 'string', required: true },
    description: { type: 'string' },
    /** Absent for the built-in five, whose design is `templates/<CODE>/`. */
    html_template: { type: 'string' },
    css_template: { type: 'string' },
    supports_charts: flag(true),
    supports_statistics: flag(true),
    supports_quotes: flag(true),
    supports_tables: flag(true),
    max_sections: { type: 'number', default: 10 },
    preview_image_url: { type: 'string' },
    preview_pdf_url: { type: 'string' },
    /** e.g. executive, minimal, modern, corporate, creative. */
    category: { type: 'string' },
    tags: stringList(),
    is_active: flag(true),
    /** Enterprise only. */
    is_premium: flag(false),
    /** The template used when none is specified; at most one should be set. */
    is_default: flag(false),
    version: counter(1),
    author: { type: 'string' },
    release_notes: { type: 'string' },
    sort_order: counter(),
    created_at: createdAt(),
    updated_at: updatedAt(),
    published_at: timestamp(),
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } },
    byCode: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: [] },
      sk: { field: 'gsi1sk', composite: ['code'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type TemplateItem = EntityItem<typeof template>;
