/**
 * Platform events with no agency context (PRD §4.2.11 rows whose `agency_id` is NULL): staff
 * sign-ins, plan and template changes, system actions.
 *
 * Access patterns (one low-volume partition):
 * - `byTime`   (table): platform events by time — query `{}` with `order: 'desc'`.
 * - `byAction` (gsi1):  platform events for one action, by time — query `{ action }`.
 */
import { Entity, type EntityItem } from 'electrodb';
import { SERVICE } from '../attributes.ts';
import { auditLogAttributes } from './audit-log-attributes.ts';

/** The platform audit-log entity. */
export const platformAuditLog = new Entity({
  model: { entity: 'platform_audit_log', version: '1', service: SERVICE },
  attributes: auditLogAttributes(),
  indexes: {
    byTime: { pk: { field: 'pk', composite: [] }, sk: { field: 'sk', composite: ['created_at', 'id'] } },
    byAction: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: [] },
      sk: { field: 'gsi1sk', composite: ['action', 'created_at'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type PlatformAuditLogItem = EntityItem<typeof platformAuditLog>;
