/**
 * Templates assigned to an agency (PRD §4.2.6). Pro agencies get explicit rows; Enterprise plans
 * see every template without rows (decided from the plan, not here).
 *
 * Access patterns:
 * - `byAgency`   (table): templates of an agency — query `{ agency_id }`; one assignment — get
 *   `{ agency_id, template_id }`.
 * - `byTemplate` (gsi1):  agencies a template is assigned to (usage stats, removal) — query `{ template_id }`.
 */
import { Entity, type EntityItem } from 'electrodb';
import { createdAt, fixedRef, SERVICE } from '../attributes.ts';

/** The agency-template assignment entity. */
export const agencyTemplate = new Entity({
  model: { entity: 'agency_template', version: '1', service: SERVICE },
  attributes: {
    agency_id: fixedRef(),
    template_id: fixedRef(),
    /** When the assignment was made (the PRD's name for `created_at`; rows are replaced, not edited). */
    assigned_at: createdAt(),
    /** The super admin who assigned it. */
    assigned_by: { type: 'string' },
    notes: { type: 'string' },
  },
  indexes: {
    byAgency: {
      pk: { field: 'pk', composite: ['agency_id'] },
      sk: { field: 'sk', composite: ['template_id'] },
    },
    byTemplate: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['template_id'] },
      sk: { field: 'gsi1sk', composite: ['agency_id'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type AgencyTemplateItem = EntityItem<typeof agencyTemplate>;
