/**
 * The built dashboard (`frontend/dist`) at `/`: in AWS CloudFront serves it from S3; locally this
 * service does, as the last one in line, so it answers every request no earlier service took.
 * GET and HEAD only; unknown paths get the build's 404 page with status 404.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { relative } from 'node:path';
import type { LocalService, LocalServiceOptions } from '../service.ts';
import { cacheControlFor, etagFor, matchesIfNoneMatch, REVALIDATE } from './caching.ts';
import { contentTypeFor } from './content-types.ts';
import { BadPathError, type FoundFile, resolveFile } from './resolve-file.ts';

export interface DashboardServiceOptions extends LocalServiceOptions {
  /** The Astro build output, e.g. `<repo>/frontend/dist`. */
  readonly distDir: string;
}

function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  text: string,
  headers = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': REVALIDATE,
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: FoundFile,
  status: number,
  cacheControl: string,
): void {
  const etag = etagFor(file.stats);
  const headers = {
    'Content-Type': contentTypeFor(file.path),
    'Cache-Control': cacheControl,
    ETag: etag,
    'Last-Modified': file.stats.mtime.toUTCString(),
    'X-Content-Type-Options': 'nosniff',
  };
  if (status === 200 && matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(status, { ...headers, 'Content-Length': file.stats.size });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file.path)
    .on('error', () => res.destroy())
    .pipe(res);
}

export async function createDashboardService(options: DashboardServiceOptions): Promise<LocalService> {
  const root = await realpath(options.distDir).catch(() => {
    throw new Error(`Dashboard build not found at ${options.distDir}: run \`npm run build:frontend\` first.`);
  });
  if (!(await stat(root)).isDirectory()) throw new Error(`Dashboard build ${root} is not a directory`);

  return {
    name: 'dashboard',
    async handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendText(req, res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
        return true;
      }
      const urlPath = (req.url ?? '/').split('?')[0] || '/';
      let file: FoundFile | undefined;
      try {
        file = await resolveFile(root, urlPath);
      } catch (error) {
        if (!(error instanceof BadPathError)) throw error;
        sendText(req, res, 400, 'Bad request');
        return true;
      }
      if (file) {
        // From the file actually found, so `/_astro/../index.html` is not cached as immutable.
        sendFile(req, res, file, 200, cacheControlFor(relative(root, file.path)));
        return true;
      }
      const notFoundPage = await resolveFile(root, '/404.html');
      if (notFoundPage) sendFile(req, res, notFoundPage, 404, REVALIDATE);
      else sendText(req, res, 404, 'Not found');
      return true;
    },
    async close() {
      // Nothing to release: files are opened per request and closed when their stream ends.
    },
  };
}
