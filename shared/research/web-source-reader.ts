/**
 * The deep-read fetcher of the research step: one HTTP(S) GET per hop through the SSRF guard
 * (each redirect re-checked and the socket pinned to the checked address), bounded in time and
 * size, then the article text extracted with Mozilla Readability on a linkedom document.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MIMEType } from 'node:util';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { looseDateToIsoDay } from './loose-date.ts';
import { type ReadSource, SourceReadError, type SourceReader } from './source-reader.ts';
import {
  createSsrfGuard,
  fetchAllowlistFromEnv,
  type PinnedAddress,
  pinnedLookup,
  type SsrfGuardOptions,
} from './ssrf-guard.ts';

export interface WebSourceReaderOptions extends SsrfGuardOptions {
  /** Budget for the whole read including redirects (default 15 s). */
  timeoutMs?: number;
  /** Budget for each TCP (and TLS) connection to be established (default 5 s). */
  connectTimeoutMs?: number;
  /** Cap on a response body after decompression (default 5 MiB). */
  maxBytes?: number;
  /** Redirects followed before giving up (default 5). */
  maxRedirects?: number;
  /** Characters of readable text kept (default 60 000). */
  maxTextChars?: number;
  /** Less readable text than this counts as `no_readable_text` (default 200 characters). */
  minTextChars?: number;
  userAgent?: string;
  now?: () => Date;
}

const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (compatible; ContentStrategistResearch/1.0; reads cited sources for research reports)';

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DECOMPRESSORS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

type Hop =
  | { kind: 'redirect'; location: string }
  | { kind: 'body'; bytes: Buffer; mediaType: string | null; charset: string | null };

interface HopLimits {
  maxBytes: number;
  connectTimeoutMs: number;
  userAgent: string;
}

function mediaTypeOf(header: string | undefined): { mediaType: string | null; charset: string | null } {
  if (!header) return { mediaType: null, charset: null };
  try {
    const parsed = new MIMEType(header);
    return { mediaType: parsed.essence, charset: parsed.params.get('charset') };
  } catch {
    return { mediaType: 'invalid', charset: null };
  }
}

/** Refuses what cannot become readable text before a byte of the body is read. */
function checkContentType(mediaType: string | null): void {
  if (mediaType === null || HTML_TYPES.has(mediaType) || mediaType === 'text/plain') return;
  if (mediaType === 'application/pdf') {
    throw new SourceReadError('unsupported_content', 'PDF sources are not read');
  }
  throw new SourceReadError('unsupported_content', `Content type ${mediaType} is not readable text`);
}

/** The body, decompressed, refusing it as soon as it outgrows `maxBytes`. */
async function readBody(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (declared > maxBytes)
    throw new SourceReadError('too_large', `Body of ${declared} bytes exceeds ${maxBytes}`);
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const chunks: Buffer[] = [];
  let total = 0;
  let overflow: SourceReadError | undefined;
  const collect = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) {
        overflow = new SourceReadError('too_large', `Body exceeds ${maxBytes} bytes`);
        throw overflow;
      }
      chunks.push(chunk);
    }
  };
  const decompress = DECOMPRESSORS.get(encoding);
  if (encoding !== 'identity' && !decompress) {
    throw new SourceReadError('unsupported_content', `Content encoding ${encoding} is not supported`);
  }
  try {
    // The cap counts decompressed bytes, so a compression bomb stops at the same size.
    await (decompress ? pipeline(response, decompress(), collect) : pipeline(response, collect));
  } catch (error) {
    // Tearing down a decompressor reports an AbortError that would hide why we stopped.
    throw overflow ?? error;
  }
  return Buffer.concat(chunks);
}

/** One GET to the pinned address; the caller's signal aborts it (and its body) at any point. */
function requestOnce(url: URL, pinned: PinnedAddress, signal: AbortSignal, limits: HopLimits): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let connectTimer: NodeJS.Timeout | undefined;
    // Once the response is in, its own stream reports failures; the request's 'error' event
    // would otherwise race the body's more precise reason (e.g. too_large vs a reset socket).
    let responded = false;
    const request: ClientRequest = send(
      url,
      {
        method: 'GET',
        // A fresh connection per hop: a pooled socket would skip the pinned lookup.
        agent: false,
        lookup: pinnedLookup(pinned),
        signal,
        headers: {
          'user-agent': limits.userAgent,
          accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'en;q=1.0, *;q=0.5',
        },
      },
      (response) => {
        responded = true;
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (REDIRECT_STATUSES.has(status) && location) {
          response.resume();
          resolve({ kind: 'redirect', location });
          return;
        }
        if (status < 200 || status > 299) {
          response.resume();
          reject(new SourceReadError('http_error', `HTTP ${status}`));
          return;
        }
        const { mediaType, charset } = mediaTypeOf(response.headers['content-type']);
        try {
          checkContentType(mediaType);
        } catch (error) {
          response.destroy();
          reject(error);
          return;
        }
        readBody(response, limits.maxBytes).then(
          (bytes) => resolve({ kind: 'body', bytes, mediaType, charset }),
          (error: unknown) => {
            request.destroy();
            reject(error);
          },
        );
      },
    );
    request.on('socket', (socket) => {
      connectTimer = setTimeout(
        () =>
          request.destroy(
            new SourceReadError('timeout', `No connection within ${limits.connectTimeoutMs} ms`),
          ),
        limits.connectTimeoutMs,
      );
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    request.on('close', () => clearTimeout(connectTimer));
    request.on('error', (error) => {
      if (!responded) reject(error);
    });
    request.end();
  });
}

function sniffCharset(bytes: Buffer, declared: string | null): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (declared) return declared;
  // HTML's prescan looks at the first 1024 bytes for <meta charset> or http-equiv.
  const head = bytes.subarray(0, 1024).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ?? 'utf-8';
}

function decodeText(bytes: Buffer, declared: string | null): string {
  const charset = sniffCharset(bytes, declared);
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Collapses runs of spaces within lines and blank lines between them. */
function collapseWhitespace(text: string): string {
  return text
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}

const BLOCK_TAGS = new Set([
  ...'ADDRESS ARTICLE ASIDE BLOCKQUOTE BR DD DIV DL DT FIGCAPTION FIGURE FOOTER HEADER HR'.split(' '),
  ...'H1 H2 H3 H4 H5 H6 LI MAIN OL P PRE SECTION TABLE TD TH TR UL'.split(' '),
]);

/** Text of `node` with a line break around every block, so paragraphs stay apart. */
function blockText(node: Node): string {
  const parts: string[] = [];
  const walk = (current: Node): void => {
    if (current.nodeType === 3) {
      parts.push(current.nodeValue ?? '');
      return;
    }
    if (current.nodeType !== 1) return;
    const block = BLOCK_TAGS.has((current as Element).tagName.toUpperCase());
    if (block) parts.push('\n');
    for (const child of Array.from(current.childNodes)) walk(child);
    if (block) parts.push('\n');
  };
  walk(node);
  return parts.join('');
}

const DATE_META_NAMES = [
  'article:published_time',
  'og:published_time',
  'datepublished',
  'citation_publication_date',
  'citation_date',
  'dc.date.issued',
  'dc.date',
  'dcterms.issued',
  'dcterms.created',
  'parsely-pub-date',
  'sailthru.date',
  'publication_date',
  'publish-date',
  'publishdate',
  'pubdate',
  'date',
];

function metaDate(document: Document): string | null {
  const byName = new Map<string, string>();
  for (const meta of Array.from(document.querySelectorAll('meta[content]'))) {
    const name = (
      meta.getAttribute('property') ??
      meta.getAttribute('name') ??
      meta.getAttribute('itemprop') ??
      ''
    )
      .trim()
      .toLowerCase();
    const content = meta.getAttribute('content')?.trim();
    if (name && content && !byName.has(name)) byName.set(name, content);
  }
  for (const name of DATE_META_NAMES) {
    const value = byName.get(name);
    if (value) return value;
  }
  return null;
}

/** `datePublished` from JSON-LD, looking through arrays and `@graph`. */
function jsonLdDate(document: Document): string | null {
  const find = (value: unknown): string | null => {
    if (Array.isArray(value)) {
      for (const item of value) {
        const found = find(item);
        if (found) return found;
      }
      return null;
    }
    if (!value || typeof value !== 'object') return null;
    const record = value as Record<string, unknown>;
    for (const key of ['datePublished', 'dateCreated']) {
      if (typeof record[key] === 'string') return record[key];
    }
    return find(record['@graph']) ?? find(record.mainEntity);
  };
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      const found = find(JSON.parse(script.textContent ?? ''));
      if (found) return found;
    } catch {
      // Broken JSON-LD is common and says nothing about the article.
    }
  }
  return null;
}

function timeElementDate(document: Document): string | null {
  const time = document.querySelector('time[itemprop="datePublished"][datetime], time[pubdate][datetime]');
  return time?.getAttribute('datetime') ?? null;
}

interface Extracted {
  title: string;
  text: string;
  /** Dates the page declares, most trustworthy first (meta tags, JSON-LD, `<time>`). */
  publishedCandidates: Array<string | null | undefined>;
}

function extractHtml(html: string): Extracted {
  const { document } = parseHTML(html);
  // Metadata first: Readability rewrites the document it reads.
  const declared = [metaDate(document), jsonLdDate(document), timeElementDate(document)];
  const headTitle =
    document.querySelector('meta[property="og:title"]')?.getAttribute('content') ?? document.title ?? '';
  // Readability falls back to its best attempt on pages that do not look like articles, so a
  // null here means there is no text at all.
  const article = new Readability<Node>(document as unknown as Document, {
    serializer: (node) => node,
  }).parse();
  return {
    title: (article?.title || headTitle).trim(),
    text: article?.content ? blockText(article.content) : '',
    publishedCandidates: [...declared, article?.publishedTime],
  };
}

function extractPlain(text: string): Extracted {
  const firstLine =
    text
      .split('\n')
      .find((line) => line.trim())
      ?.trim() ?? '';
  return { title: firstLine.slice(0, 200), text, publishedCandidates: [] };
}

function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<!--)/i.test(text);
}

/** `promise`, or the signal's reason as soon as it aborts (a resolver may hang past any deadline). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Cuts at a paragraph or sentence boundary near `max` rather than mid-word. */
function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const boundary = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf('. '));
  return (boundary > max * 0.8 ? cut.slice(0, boundary + 1) : cut).trim();
}

/**
 * A {@link SourceReader} for the open web. Failures throw a {@link SourceReadError} with the
 * reason; an abort of the caller's `signal` rethrows the signal's reason instead.
 */
export function createWebSourceReader(options: WebSourceReaderOptions = {}): SourceReader {
  const guard = createSsrfGuard({
    allowedHosts: options.allowedHosts ?? fetchAllowlistFromEnv(),
    lookup: options.lookup,
  });
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const maxTextChars = options.maxTextChars ?? 60_000;
  const minTextChars = options.minTextChars ?? 200;
  const now = options.now ?? (() => new Date());
  const limits: HopLimits = {
    maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
  };

  async function fetchFinal(requested: string, signal: AbortSignal) {
    let url: URL;
    try {
      url = new URL(requested);
    } catch {
      throw new SourceReadError('blocked_address', `Not a URL: ${requested.slice(0, 200)}`);
    }
    for (let redirects = 0; ; redirects += 1) {
      const pinned = await untilAborted(guard.check(url), signal);
      const hop = await requestOnce(url, pinned, signal, limits);
      if (hop.kind === 'body') return { url, ...hop };
      if (redirects >= maxRedirects) {
        throw new SourceReadError('too_many_redirects', `More than ${maxRedirects} redirects`);
      }
      try {
        url = new URL(hop.location, url);
      } catch {
        throw new SourceReadError(
          'http_error',
          `Redirect to an invalid location: ${hop.location.slice(0, 200)}`,
        );
      }
      url.hash = '';
    }
  }

  return {
    async read(requestedUrl, callerSignal) {
      const deadline = AbortSignal.timeout(timeoutMs);
      const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
      let final: Awaited<ReturnType<typeof fetchFinal>>;
      try {
        final = await fetchFinal(requestedUrl, signal);
      } catch (error) {
        if (callerSignal?.aborted) throw callerSignal.reason;
        if (deadline.aborted)
          throw new SourceReadError('timeout', `No complete answer within ${timeoutMs} ms`);
        if (error instanceof SourceReadError) throw error;
        throw new SourceReadError('network_error', (error as Error).message || String(error));
      }
      const decoded = decodeText(final.bytes, final.charset);
      const html = final.mediaType === null ? looksLikeHtml(decoded) : HTML_TYPES.has(final.mediaType);
      if (final.mediaType === null && !html && decoded.includes('\u0000')) {
        throw new SourceReadError('unsupported_content', 'Binary content without a content type');
      }
      let extracted: Extracted;
      try {
        extracted = html ? extractHtml(decoded) : extractPlain(decoded);
      } catch (error) {
        // Pathological markup (absurd nesting, say) is a page we cannot read, not a crash.
        throw new SourceReadError('no_readable_text', `Could not extract text: ${(error as Error).message}`);
      }
      const text = capText(collapseWhitespace(extracted.text), maxTextChars);
      if (text.length < minTextChars) {
        throw new SourceReadError('no_readable_text', `Only ${text.length} characters of readable text`);
      }
      const fetchedAt = now();
      const source: ReadSource = {
        requested_url: requestedUrl,
        url: final.url.toString(),
        title: collapseWhitespace(extracted.title) || final.url.hostname,
        text,
        published_at:
          extracted.publishedCandidates.map((raw) => looseDateToIsoDay(raw, fetchedAt)).find(Boolean) ?? null,
        fetched_at: fetchedAt.toISOString(),
      };
      return source;
    },
  };
}
