/**
 * The model-usage ledger of a document: one item per charged pipeline task, keyed by the task's
 * charge key. Written with `create` (fails if the key exists) in the same transaction that adds
 * the usage to the document and the agency's period, so a task that runs twice is charged once
 * (`shared/llm/charge-usage.ts`). The items also say what each task cost.
 *
 * Access patterns (tenant id in the partition key):
 * - `byDocument` (table): one charge — get `{ agency_id, document_id, charge_key }`; the charges of
 *   a document — query `{ agency_id, document_id }`.
 *
 * Kept as long as the document can exist (`ttl`: 3 years + 60 days after the charge).
 */
import { Entity, type EntityItem } from 'electrodb';
import { createdAt, fixedRef, SERVICE, stringList } from '../attributes.ts';

/** Who paid for the requests: the agency's own Anthropic key, or the platform's (included credits). */
export const KEY_SOURCES = ['agency', 'platform'] as const;

/** The usage-charge entity. */
export const usageCharge = new Entity({
  model: { entity: 'usage_charge', version: '1', service: SERVICE },
  attributes: {
    agency_id: fixedRef(),
    document_id: fixedRef(),
    /** `${job_id}:${step}[:${part}]`: one task of one run. */
    charge_key: fixedRef(),
    key_source: { type: KEY_SOURCES, required: true, readOnly: true },
    models: stringList(),
    tokens_input: { type: 'number', required: true, readOnly: true },
    tokens_output: { type: 'number', required: true, readOnly: true },
    web_search_requests: { type: 'number', required: true, readOnly: true },
    /** Exact cost in nano-dollars (`shared/llm/pricing.ts`). */
    cost_nano_usd: { type: 'number', required: true, readOnly: true },
    created_at: createdAt(),
    /** Epoch seconds for DynamoDB TTL. */
    ttl: { type: 'number', readOnly: true },
  },
  indexes: {
    byDocument: {
      pk: { field: 'pk', composite: ['agency_id'] },
      sk: { field: 'sk', composite: ['document_id', 'charge_key'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type UsageChargeItem = EntityItem<typeof usageCharge>;
