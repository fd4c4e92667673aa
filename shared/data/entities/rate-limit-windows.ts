/**
 * Fixed-window rate-limit counters (not a PRD table; replaces Redis — DECISIONS.md). One item per
 * subject and window, incremented atomically with `update(...).add({ count: 1 })`, which creates it
 * on first use.
 *
 * Access patterns:
 * - `byWindow` (table): the counter of a subject in a window — get / update `{ key, window_start }`.
 *
 * Ephemeral: the writer sets `ttl` (at least the window's end) in the same update, so expired
 * windows disappear on their own. Readers ignore windows that have ended regardless.
 */
import { Entity, type EntityItem } from 'electrodb';
import { counter, SERVICE } from '../attributes.ts';

/** The rate-limit-window entity. */
export const rateLimitWindow = new Entity({
  model: { entity: 'rate_limit_window', version: '1', service: SERVICE },
  attributes: {
    /** The limited subject and rule, e.g. `login:ip:203.0.113.9` or `api_key:<id>:minute`. */
    key: { type: 'string', required: true },
    /** Window start in epoch seconds, aligned to the window length. */
    window_start: { type: 'number', required: true },
    count: counter(),
    /** Epoch seconds after which DynamoDB may delete the window. */
    ttl: { type: 'number', required: true },
  },
  indexes: {
    byWindow: { pk: { field: 'pk', composite: ['key'] }, sk: { field: 'sk', composite: ['window_start'] } },
  },
});

/** An item as ElectroDB returns it. */
export type RateLimitWindowItem = EntityItem<typeof rateLimitWindow>;
