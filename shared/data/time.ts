/**
 * Time helpers shared by the entities. Every timestamp is stored as an ISO-8601 UTC string
 * (`toISOString()` form) so that string order is time order in sort keys, and TTL attributes are
 * epoch seconds because that is what DynamoDB's TTL reads. Calendar arithmetic is date-fns'
 * in UTC whatever the process's time zone (month ends clamp: Jan 31 + 1 month = Feb 28/29).
 */
import { UTCDate } from '@date-fns/utc';
import { addMonths as addCalendarMonths, addYears as addCalendarYears } from 'date-fns';

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
  return addCalendarYears(new UTCDate(iso), years).toISOString();
}

/** ISO timestamp `months` calendar months after `iso` (billing and usage periods). */
export function addMonths(iso: string, months: number): string {
  return addCalendarMonths(new UTCDate(iso), months).toISOString();
}

/** The UTC hour an ISO timestamp falls in, e.g. `2026-01-15T14`: the partition of time-bucketed sweeps. */
export function hourBucket(iso: string): string {
  return iso.slice(0, 13);
}

/** The UTC day an ISO timestamp falls in, e.g. `2026-01-15`. */
export function dayBucket(iso: string): string {
  return iso.slice(0, 10);
}
