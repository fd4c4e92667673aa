/**
 * The per-agency count of template assignments, so "at most `max_templates` assigned" (PRD §1.4)
 * is a conditional write: an assignment adds to the count only while it stays within the plan's
 * limit, in the same transaction that writes the assignment rows, like the seat counter.
 *
 * The item sits in the agency's partition (`agency_id` in the key). It is declared here rather
 * than in `shared/data/entities/` only because that folder belongs to another change in flight;
 * it should move there and join the data service (then `service().transaction.write` replaces
 * `createWriteTransaction` below).
 *
 * Access patterns:
 * - `byAgency` (table): the count of an agency — get / patch `{ agency_id }`.
 */
import { Entity, type EntityItem } from 'electrodb';
import { fixedRef, SERVICE } from '../data/attributes.ts';
import { documentClient, tableName } from '../data/client.ts';
import { service } from '../data/service.ts';

const schema = {
  model: { entity: 'agency_template_quota', version: '1', service: SERVICE },
  attributes: {
    agency_id: fixedRef(),
    /** Assignment rows of the agency; changes only in the transactions that add or remove rows. */
    assigned_count: { type: 'number', required: true },
  },
  indexes: {
    byAgency: { pk: { field: 'pk', composite: ['agency_id'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

function createQuotaEntity() {
  return new Entity(schema, { client: documentClient(), table: tableName() });
}
type QuotaEntity = ReturnType<typeof createQuotaEntity>;
export type TemplateQuotaItem = EntityItem<QuotaEntity>;

let cached: QuotaEntity | undefined;

/** The quota entity on this process's table. */
export function templateQuota(): QuotaEntity {
  cached ??= createQuotaEntity();
  return cached;
}

/**
 * Makes sure the agency's count exists. Agencies whose assignments were written before the count
 * existed (the demo seed) get it from their rows. Every assignment change requires the count to
 * exist (its condition reads it), so while it is missing no row changes, and the row count read
 * here is exact; a concurrent initialiser loses the `create` race and its value is the same.
 */
export async function ensureQuota(agencyId: string): Promise<void> {
  const { data } = await templateQuota().get({ agency_id: agencyId }).go({ consistent: true });
  if (data) return;
  const rows = await service()
    .entities.agencyTemplate.query.byAgency({ agency_id: agencyId })
    .go({ pages: 'all', consistent: true });
  try {
    await templateQuota().create({ agency_id: agencyId, assigned_count: rows.data.length }).go();
  } catch (error) {
    const { data: created } = await templateQuota().get({ agency_id: agencyId }).go({ consistent: true });
    if (!created) throw error;
  }
}
