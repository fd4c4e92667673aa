/**
 * PRD §6.1 page-number pagination and sorting of a list already read in full. Used by lists whose
 * items come from one bounded partition or index (an agency's team, the platform's agencies), where
 * filtering, searching and sorting in memory is cheaper and simpler than one index per sort order.
 */
import { z } from 'zod';
import type { Pagination } from '../http/types.ts';

/** `page` (from 1) and `per_page` (1–100, default 20) query parameters. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
};

/** `asc` / `desc`. */
export const sortOrder = z.enum(['asc', 'desc']);

/** A `true` / `false` query parameter. */
export const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

/** One page of `items` and its PRD pagination block. */
export function paginate<T>(items: readonly T[], page: number, perPage: number) {
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    pagination: pageBlock(items.length, page, perPage),
  };
}

/** The PRD pagination block of page `page` when `total` items exist. */
export function pageBlock(total: number, page: number, perPage: number): Pagination {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    page,
    per_page: perPage,
    total_items: total,
    total_pages: totalPages,
    has_next: page < totalPages,
    has_prev: page > 1,
  };
}

type SortValue = string | number | boolean | null | undefined;

/**
 * `items` sorted by `key(item)` in `order`; absent values sort last either way, and ties keep
 * their order (Array#sort is stable), so pages are deterministic.
 */
export function sortBy<T>(items: readonly T[], key: (item: T) => SortValue, order: 'asc' | 'desc'): T[] {
  const direction = order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const left = key(a);
    const right = key(b);
    if (left === right) return 0;
    if (left === null || left === undefined) return 1;
    if (right === null || right === undefined) return -1;
    if (typeof left === 'string' && typeof right === 'string')
      return direction * left.localeCompare(right, 'en', { sensitivity: 'base' });
    return direction * (left < right ? -1 : 1);
  });
}

/** True when any of `fields` contains `search`, ignoring case; an absent search matches all. */
export function matchesSearch(
  search: string | undefined,
  fields: ReadonlyArray<string | undefined>,
): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  return fields.some((field) => field?.toLowerCase().includes(needle));
}
