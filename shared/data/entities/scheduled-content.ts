/**
 * Scheduled content: topics to generate at a date and time, created one by one or by CSV import
 * (PRD §4.2.8).
 *
 * Access patterns (tenant id in the partition key of every tenant pattern):
 * - `byId`         (table): one item — get `{ agency_id, client_id, id }` (every route names the
 *   client); the agency's items grouped by client — query `{ agency_id }`.
 * - `byClientDate` (gsi1):  a client's schedule by time — query `{ agency_id, client_id }` with
 *   `.between({ scheduled_at }, { scheduled_at })`; an import batch is this query filtered on
 *   `import_batch_id` (batches are rare and a client's schedule is bounded).
 * - `due`          (gsi2, sparse, cross-tenant): PENDING items by UTC hour of `scheduled_at` — query
 *   `{ due_hour, status: 'pending' }` with `.lte({ scheduled_at: now })` for each hour bucket from
 *   the sweep's look-back to now. Only `status === 'pending'` items carry the keys; any write of
 *   `status` or `scheduled_at` must include both (write `scheduled_at` again when only the status
 *   changes) so ElectroDB can re-evaluate the condition and drop or move the keys.
 */
import { Entity, type EntityItem } from 'electrodb';
import {
  channelFlags,
  counter,
  createdAt,
  fixedRef,
  flag,
  id,
  SERVICE,
  stringList,
  TONES,
  timestamp,
  updatedAt,
} from '../attributes.ts';
import { hourBucket, ISO_UTC } from '../time.ts';

/** Scheduled-item lifecycle (PRD §4.2.8); only `pending` items are in the `due` index. */
export const SCHEDULE_STATUSES = ['pending', 'processing', 'completed', 'failed', 'canceled'] as const;

/** The scheduled-content entity. */
export const scheduledContent = new Entity({
  model: { entity: 'scheduled_content', version: '1', service: SERVICE },
  attributes: {
    id: id(),
    /** Not a PRD column: the tenant key. */
    agency_id: fixedRef(),
    client_id: fixedRef(),
    created_by_user_id: { type: 'string' },
    scheduled_date: { type: 'string', required: true, validate: /^\d{4}-\d{2}-\d{2}$/ },
    scheduled_time: {
      type: 'string',
      required: true,
      default: '09:00:00',
      validate: /^\d{2}:\d{2}(:\d{2})?$/,
    },
    timezone: { type: 'string', required: true, default: 'America/New_York' },
    /**
     * The instant `scheduled_date scheduled_time` in `timezone`, as UTC. The writer computes it (the
     * PRD's generated column) and writes it whenever any of the three changes.
     */
    scheduled_at: { type: 'string', required: true, validate: ISO_UTC },
    topic: { type: 'string', required: true },
    template_code: { type: 'string' },
    tone: { type: TONES, default: 'professional' },
    keywords: stringList(),
    related_services: stringList(),
    custom_direction: { type: 'string' },
    additional_context: { type: 'string' },
    auto_distribute: flag(false),
    distribution_channels: channelFlags(),
    status: { type: SCHEDULE_STATUSES, required: true, default: 'pending' },
    document_id: { type: 'string' },
    processed_at: timestamp(),
    error_message: { type: 'string' },
    retry_count: counter(),
    import_batch_id: { type: 'string' },
    import_row_number: { type: 'number' },
    created_at: createdAt(),
    updated_at: updatedAt(),
    /** Derived: UTC hour of `scheduled_at`, the partition of the `due` index. Not returned. */
    due_hour: {
      type: 'string',
      hidden: true,
      watch: ['scheduled_at'],
      set: (_: unknown, item: { scheduled_at?: string }) =>
        item.scheduled_at === undefined ? undefined : hourBucket(item.scheduled_at),
    },
  },
  indexes: {
    byId: {
      pk: { field: 'pk', composite: ['agency_id'] },
      sk: { field: 'sk', composite: ['client_id', 'id'] },
    },
    byClientDate: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['agency_id'] },
      sk: { field: 'gsi1sk', composite: ['client_id', 'scheduled_at'] },
    },
    due: {
      index: 'gsi2',
      condition: (item) => item.status === 'pending',
      pk: { field: 'gsi2pk', composite: ['due_hour'] },
      sk: { field: 'gsi2sk', composite: ['status', 'scheduled_at'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type ScheduledContentItem = EntityItem<typeof scheduledContent>;
