/**
 * Generated documents (PRD §4.2.7), the centre of the product. Statuses per DECISIONS.md: expiry is
 * `expires_at` + `deleted_at`, not a status.
 *
 * Access patterns (tenant id in the partition key of every tenant pattern):
 * - `byId`      (table): document by id within agency — get `{ agency_id, id }`.
 * - `byClient`  (gsi1):  documents of a client, newest first — query `{ agency_id, client_id }`
 *   with `order: 'desc'` (date range: `.between({ created_at }, { created_at })`).
 * - `byStatus`  (gsi2):  documents of a client in one status, newest first — query
 *   `{ agency_id, client_id, status }`. Status changes must supply the read-only key parts:
 *   `.set({ status }).composite({ client_id, created_at })`.
 * - `retention` (gsi3, cross-tenant): documents whose retention step is due — query
 *   `{ retention_day }` per UTC day bucket with `.lte({ retention_at: now })`. A live document is due
 *   at `expires_at` (soft delete: set `deleted_at`); a soft-deleted one 30 days after `deleted_at`
 *   (hard delete, PDF removed). Both keys are derived on write, so a document is always in exactly
 *   one bucket, that of its next step, and the daily sweep reads only what is due.
 */
import { Entity, type EntityItem } from 'electrodb';
import {
  channelFlags,
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
import { addSeconds, addYears, dayBucket, nowIso } from '../time.ts';

/** Document lifecycle (PRD §4.2.7; DECISIONS.md: no draft/expired statuses). */
export const DOCUMENT_STATUSES = ['pending', 'generating', 'ready', 'distributed', 'failed'] as const;
/** Where a document's cover image came from. */
export const COVER_IMAGE_SOURCES = ['freepik', 'uploaded', 'generated', 'none'] as const;

/** PRD §1: documents expire three years after creation. */
const RETENTION_YEARS = 3;
/** PRD §1: soft-deleted documents are hard-deleted 30 days later. */
const PURGE_AFTER_SECONDS = 30 * 86_400;

/** When the next retention step is due; ElectroDB passes the attributes being written. */
function retentionAt(item: { expires_at?: string; deleted_at?: string }): string | undefined {
  if (item.deleted_at !== undefined) return addSeconds(item.deleted_at, PURGE_AFTER_SECONDS);
  return item.expires_at;
}

/** Outcome of posting to one channel (`distribution_results.<channel>`). */
const channelResult = () =>
  ({
    type: 'map',
    properties: {
      success: { type: 'boolean', required: true },
      post_id: { type: 'string' },
      post_url: { type: 'string' },
      posted_at: timestamp(),
      error_code: { type: 'string' },
      error_message: { type: 'string' },
    },
  }) as const;

/** The document entity. */
export const document = new Entity({
  model: { entity: 'document', version: '1', service: SERVICE },
  attributes: {
    id: id(),
    /** Not a PRD column (it reached the agency through the client): the tenant key. */
    agency_id: fixedRef(),
    client_id: fixedRef(),
    template_id: { type: 'string' },
    created_by_user_id: { type: 'string' },
    scheduled_content_id: { type: 'string' },
    title: { type: 'string', required: true },
    subtitle: { type: 'string' },
    topic: { type: 'string', required: true },
    slug: { type: 'string' },
    /** The structured content (PRD §4.2.7 `content_json` shape: sections, statistics, charts, …). */
    content_json: { type: 'any', required: true, default: () => ({}) },
    pdf_url: { type: 'string' },
    /** Object key of the PDF in the files bucket. */
    pdf_file_path: { type: 'string' },
    pdf_file_size_bytes: { type: 'number' },
    pdf_page_count: { type: 'number' },
    cover_image_url: { type: 'string' },
    cover_image_source: { type: COVER_IMAGE_SOURCES },
    cover_image_freepik_id: { type: 'string' },
    // What was requested
    input_tone: { type: TONES },
    input_industry: { type: 'string' },
    input_keywords: stringList(),
    input_related_services: stringList(),
    input_custom_direction: { type: 'string' },
    input_additional_context: { type: 'string' },
    input_website_url: { type: 'string' },
    /** PRD §6.4 `cover_image_search`: the stock-photo search the cover step uses instead of the topic. */
    input_cover_image_search: { type: 'string' },
    /** PRD §6.4 `auto_distribute`: finalize distributes to `distribution_channels` once ready. */
    auto_distribute: flag(false),
    // Research, for transparency
    research_sources: {
      type: 'list',
      items: {
        type: 'map',
        properties: {
          url: { type: 'string', required: true },
          title: { type: 'string' },
          domain: { type: 'string' },
          snippet: { type: 'string' },
          accessed_at: timestamp(),
          relevance_score: { type: 'number' },
        },
      },
    },
    research_source_count: { type: 'number', default: 0 },
    research_duration_seconds: { type: 'number' },
    /**
     * Not PRD columns (provenance): statistics the research extracted whose value was found in the
     * fetched text of the source they cite, and those dropped because it was not.
     */
    statistics_verified_count: { type: 'number' },
    statistics_dropped_count: { type: 'number' },
    status: { type: DOCUMENT_STATUSES, required: true, default: 'pending' },
    generation_queued_at: timestamp(),
    generation_started_at: timestamp(),
    generation_completed_at: timestamp(),
    generation_duration_seconds: { type: 'number' },
    /** GEN_001, GEN_002, … (PRD §15). */
    generation_error_code: { type: 'string' },
    generation_error_message: { type: 'string' },
    generation_error_step: { type: 'string' },
    generation_retry_count: { type: 'number', default: 0 },
    distributed_at: timestamp(),
    distributed_by_user_id: { type: 'string' },
    distribution_channels: channelFlags(),
    distribution_results: {
      type: 'map',
      properties: {
        linkedin: channelResult(),
        facebook: channelResult(),
        twitter: channelResult(),
        google_business: channelResult(),
      },
    },
    api_tokens_input: { type: 'number', default: 0 },
    api_tokens_output: { type: 'number', default: 0 },
    api_cost_cents: { type: 'number', default: 0 },
    /**
     * Not a PRD column: the exact cost in nano-dollars, of which `api_cost_cents` is the rounded-up
     * value; charges compare-and-set it (`shared/llm/charge-usage.ts`).
     */
    api_cost_nano_usd: { type: 'number', default: 0 },
    /**
     * Not a PRD column: when the client's statistics counted this document (PRD §4.3.3), so
     * counting is once per document (`shared/documents/client-stats.ts`).
     */
    client_stats_recorded_at: timestamp(),
    created_at: createdAt(),
    updated_at: updatedAt(),
    expires_at: {
      type: 'string',
      required: true,
      default: () => addYears(nowIso(), RETENTION_YEARS),
    },
    /** Soft delete; the document is hard-deleted 30 days later. */
    deleted_at: timestamp(),
    /** Derived: when the next retention step is due (see the module comment). Not returned. */
    retention_at: {
      type: 'string',
      hidden: true,
      watch: ['expires_at', 'deleted_at'],
      set: (_: unknown, item: { expires_at?: string; deleted_at?: string }) => retentionAt(item),
    },
    /** Derived: UTC day of `retention_at`, the partition of the retention index. Not returned. */
    retention_day: {
      type: 'string',
      hidden: true,
      watch: ['expires_at', 'deleted_at'],
      set: (_: unknown, item: { expires_at?: string; deleted_at?: string }) => {
        const at = retentionAt(item);
        return at === undefined ? undefined : dayBucket(at);
      },
    },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['agency_id'] }, sk: { field: 'sk', composite: ['id'] } },
    byClient: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['agency_id'] },
      sk: { field: 'gsi1sk', composite: ['client_id', 'created_at'] },
    },
    byStatus: {
      index: 'gsi2',
      pk: { field: 'gsi2pk', composite: ['agency_id'] },
      sk: { field: 'gsi2sk', composite: ['client_id', 'status', 'created_at'] },
    },
    retention: {
      index: 'gsi3',
      pk: { field: 'gsi3pk', composite: ['retention_day'] },
      sk: { field: 'gsi3sk', composite: ['retention_at'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type DocumentItem = EntityItem<typeof document>;
