/**
 * Source URLs as identities: the same page found by several queries (with tracking parameters,
 * a fragment, `www.` or not, `http` or `https`) must count, score and be read once.
 */
import type { WebSearchHit } from '../llm/model-gateway.ts';

/** Query parameters that only say how someone arrived, never which page it is. */
const TRACKING_PARAMS = new Set([
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'fbclid',
  'msclkid',
  'yclid',
  'twclid',
  'li_fat_id',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'vero_id',
  'oly_enc_id',
  'oly_anon_id',
  'srsltid',
  'ref_src',
]);

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('utm_') || TRACKING_PARAMS.has(lower);
}

/**
 * The canonical form of a source URL, still fetchable as written: lowercase host, no default
 * port, no fragment, no tracking parameters (the rest sorted), no trailing slash except on the
 * root. Null for anything that is not an absolute http(s) URL.
 */
export function normaliseSourceUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = new URLSearchParams(kept).toString();
  if (url.pathname.length > 1) url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return url.toString();
}

/** The host of a source without `www.` (`www.mckinsey.com` → `mckinsey.com`), or '' for a bad URL. */
export function sourceDomain(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\d*\./, '');
  } catch {
    return '';
  }
}

/**
 * What two URLs share when they are the same source: the normalised URL without its scheme and
 * `www.`, so `http://www.x.com/a/` and `https://x.com/a?utm_source=y` collide.
 */
export function sourceKey(url: string): string | null {
  const normalised = normaliseSourceUrl(url);
  if (!normalised) return null;
  const parsed = new URL(normalised);
  return `${sourceDomain(normalised)}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}${parsed.search}`;
}

/** One source however many searches found it. */
export interface DedupedHit {
  /** Normalised URL (https preferred when both schemes were found). */
  url: string;
  domain: string;
  title: string;
  snippet: string;
  page_age: string | null;
  /** Every query that found it, in the order they did. */
  queries: string[];
}

function better(current: string, candidate: string): string {
  return candidate.trim().length > current.trim().length ? candidate.trim() : current;
}

/**
 * Merges search hits by {@link sourceKey}, in order of first appearance: the longest title and
 * snippet win (search engines truncate them differently per query), the first known page age is
 * kept, and all queries are remembered. Hits whose URL is not http(s) are dropped.
 */
export function dedupeHits(hits: readonly WebSearchHit[]): DedupedHit[] {
  const byKey = new Map<string, DedupedHit>();
  for (const hit of hits) {
    const key = sourceKey(hit.url);
    const url = normaliseSourceUrl(hit.url);
    if (!key || !url) continue;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, {
        url,
        domain: sourceDomain(url),
        title: hit.title.trim(),
        snippet: hit.snippet.trim(),
        page_age: hit.page_age,
        queries: hit.query ? [hit.query] : [],
      });
      continue;
    }
    existing.title = better(existing.title, hit.title);
    existing.snippet = better(existing.snippet, hit.snippet);
    existing.page_age ??= hit.page_age;
    if (hit.query && !existing.queries.includes(hit.query)) existing.queries.push(hit.query);
    if (existing.url.startsWith('http:') && url.startsWith('https:')) existing.url = url;
  }
  return [...byKey.values()];
}
