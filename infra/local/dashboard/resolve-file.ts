/**
 * Maps a request path to a file of the built site, the way CloudFront + the site's URL scheme
 * expect: `/` and `/page/` → `index.html` of the folder; `/page` → the file `page`, else
 * `page/index.html` (Astro's directory format), else `page.html` (its file format).
 *
 * Safe against traversal: the decoded path is resolved against the root and must stay inside it,
 * and so must the real path of the file found (a symlink cannot lead out of the build).
 */

import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';

export interface FoundFile {
  readonly path: string;
  readonly stats: Stats;
}

/** The URL path could not be decoded or names something outside the site; answer 400. */
export class BadPathError extends Error {}

function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root + sep);
}

async function regularFile(root: string, path: string): Promise<FoundFile | undefined> {
  try {
    const real = await realpath(path);
    if (!inside(root, real)) return undefined;
    const stats = await stat(real);
    return stats.isFile() ? { path: real, stats } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `root` must be an absolute, real path (see `realpath`). Returns undefined when no file matches.
 * Throws `BadPathError` for undecodable paths, NUL bytes and paths that climb out of the root.
 */
export async function resolveFile(root: string, urlPath: string): Promise<FoundFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw new BadPathError('malformed percent-encoding');
  }
  if (decoded.includes('\0')) throw new BadPathError('NUL byte in path');
  // Backslashes are separators on Windows; refuse them rather than treat them differently per OS.
  if (decoded.includes('\\')) throw new BadPathError('backslash in path');

  const target = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  if (!inside(root, target)) throw new BadPathError('path leaves the site root');

  const candidates = decoded.endsWith('/')
    ? [resolve(target, 'index.html')]
    : [target, resolve(target, 'index.html'), `${target}.html`];
  for (const candidate of candidates) {
    const found = await regularFile(root, candidate);
    if (found) return found;
  }
  return undefined;
}
