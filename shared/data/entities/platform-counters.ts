/**
 * Platform-wide counters behind `GET /api/v1/admin/system/stats` and the plans' agency counts: one
 * small item per subject (`agencies`, `plan:<name>`, `clients`, `users`, `super_admins`) holding
 * `total` and `active`. Each counter moves in the same transaction as the write it counts, so the
 * statistics are exact without scanning the table, and a cancelled write changes no counter.
 *
 * One item per subject rather than one item for everything because a DynamoDB transaction may
 * touch an item only once, and an agency's plan change must move two plan counters and perhaps
 * the agency counter in one transaction.
 *
 * Access patterns (_platform_: the counters belong to no tenant):
 * - `bySubject` (table): every counter — query `{}` (a handful of items: the `$platform_counter_1`
 *   sort-key prefix of the `$cs` partition, which the platform audit log shares); one counter —
 *   get / update `{ subject }`; `update(...).add(...)` creates it on first use.
 *
 * Build its transaction items with `../../admin/platform-counters.ts`, which knows what each write
 * counts.
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE } from '../attributes.ts';

/** The platform-counter entity. */
export const platformCounter = new Entity({
  model: { entity: 'platform_counter', version: '1', service: SERVICE },
  attributes: {
    /** What the counter counts: `agencies`, `plan:<name>`, `clients`, `users` or `super_admins`. */
    subject: { type: 'string', required: true, readOnly: true },
    /** Everything ever created (nothing is hard-deleted while counted). */
    total: { type: 'number' },
    /** Of those, the ones currently active. */
    active: { type: 'number' },
  },
  indexes: {
    bySubject: { pk: { field: 'pk', composite: [] }, sk: { field: 'sk', composite: ['subject'] } },
  },
});

/** An item as ElectroDB returns it. */
export type PlatformCounterItem = EntityItem<typeof platformCounter>;
