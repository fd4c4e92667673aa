/**
 * Subscription tiers (PRD §4.2.1). Global (not tenant data); four rows seeded, rarely changed.
 *
 * Access patterns:
 * - `byId`   (table): plan by id — get `{ id }`.
 * - `byName` (gsi1):  every plan, or one by `name` — query `{}` / `{ name }` (one small partition).
 */
import { Entity, type EntityItem } from 'electrodb';
import { counter, createdAt, flag, id, SERVICE, updatedAt } from '../attributes.ts';

/** The four plan names (PRD §4.2.1). */
export const PLAN_NAMES = ['pro_annual', 'pro_monthly', 'enterprise_annual', 'enterprise_monthly'] as const;
/** How often a plan is billed. */
export const BILLING_PERIODS = ['annual', 'monthly'] as const;
/** `byok`: the agency brings its own Anthropic/Freepik keys; `included`: platform credits. */
export const API_KEY_MODES = ['byok', 'included'] as const;

/** The plan entity. */
export const plan = new Entity({
  model: { entity: 'plan', version: '1', service: SERVICE },
  attributes: {
    id: id(),
    name: { type: PLAN_NAMES, required: true },
    display_name: { type: 'string', required: true },
    description: { type: 'string' },
    price_cents: { type: 'number', required: true },
    billing_period: { type: BILLING_PERIODS, required: true },
    /** Maximum active clients; copied onto each agency as `max_seats` (see ACCESS-PATTERNS.md). */
    max_seats: { type: 'number', required: true },
    /** Absent = unlimited (all templates). */
    max_templates: { type: 'number' },
    custom_domain_allowed: flag(false),
    client_image_upload_allowed: flag(false),
    api_key_mode: { type: API_KEY_MODES, required: true, default: 'byok' },
    /** Monthly credit allowance in `included` mode. */
    included_api_credits_cents: counter(),
    sort_order: counter(),
    badge_text: { type: 'string' },
    is_active: flag(true),
    is_visible: flag(true),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } },
    byName: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: [] },
      sk: { field: 'gsi1sk', composite: ['name'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type PlanItem = EntityItem<typeof plan>;
