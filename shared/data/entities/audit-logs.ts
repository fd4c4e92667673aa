/**
 * The audit log of an agency (PRD §4.2.11 rows with an `agency_id`), including platform staff's
 * actions on that agency. Platform events without an agency are `platform-audit-logs.ts`.
 *
 * Access patterns (tenant id in every partition key):
 * - `byTime`   (table): the agency's log by time — query `{ agency_id }` with `order: 'desc'` and
 *   optionally `.between({ created_at }, { created_at })`.
 * - `byAction` (gsi1):  the agency's log for one action, by time — query `{ agency_id, action }`.
 */
import { Entity, type EntityItem } from 'electrodb';
import { fixedRef, SERVICE } from '../attributes.ts';
import { auditLogAttributes } from './audit-log-attributes.ts';

/** The agency audit-log entity. */
export const auditLog = new Entity({
  model: { entity: 'audit_log', version: '1', service: SERVICE },
  attributes: { ...auditLogAttributes(), agency_id: fixedRef() },
  indexes: {
    byTime: {
      pk: { field: 'pk', composite: ['agency_id'] },
      sk: { field: 'sk', composite: ['created_at', 'id'] },
    },
    byAction: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['agency_id'] },
      sk: { field: 'gsi1sk', composite: ['action', 'created_at'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type AuditLogItem = EntityItem<typeof auditLog>;
