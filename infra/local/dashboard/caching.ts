/**
 * Cache headers as CloudFront serves the dashboard: Astro fingerprints everything under `_astro/`
 * (the hash changes with the content), so those files are immutable for a year; every other file
 * (HTML, favicon, public files) must be revalidated on each use, cheaply thanks to the ETag.
 */
import type { Stats } from 'node:fs';
import { sep } from 'node:path';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** `pathInSite` is relative to the build root, e.g. `_astro/index.B6ZiCovi.js`. */
export function cacheControlFor(pathInSite: string): string {
  return pathInSite.split(sep)[0] === '_astro' ? IMMUTABLE : REVALIDATE;
}

/** Weak validator from size and modification time: a rebuild that changes a file changes its ETag. */
export function etagFor(stats: Stats): string {
  return `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
}

/** RFC 9110 §13.1.2: `If-None-Match` compares weakly and may list several tags or `*`. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
