/**
 * Time helpers shared by the entities. Every timestamp is stored as an ISO-8601 UTC string
 * (`toISOString()` form) so that string order is time order in sort keys, and TTL attributes are
 * epoch seconds because that is what DynamoDB's TTL reads.
 */

/** ISO-8601 UTC with optional milliseconds, as produced by `Date#toISOString()`. */
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The current time as an ISO-8601 UTC string. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Epoch seconds of an ISO timestamp (or of now), the unit of the table's TTL attribute. */
export function epochSeconds(iso?: string): number {
  return Math.floor((iso === undefined ? Date.now() : Date.parse(iso)) / 1000);
}

/** ISO timestamp `seconds` after `iso`. */
export function addSeconds(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString();
}

/** ISO timestamp `years` calendar years after `iso` (like SQL's `+ INTERVAL 'n years'`). */
export function addYears(iso: string, years: number): string {
  const date = new Date(iso);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString();
}

/** The UTC hour an ISO timestamp falls in, e.g. `2026-01-15T14`: the partition of time-bucketed sweeps. */
export function hourBucket(iso: string): string {
  return iso.slice(0, 13);
}

/** The UTC day an ISO timestamp falls in, e.g. `2026-01-15`. */
export function dayBucket(iso: string): string {
  return iso.slice(0, 10);
}
