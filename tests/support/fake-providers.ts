/**
 * A fake Freepik API on 127.0.0.1 for tests, checking requests the way the real one does
 * (EXTERNAL-APIS.md D1): the key goes in `x-freepik-api-key` (or the rebranded
 * `x-magnific-api-key`). The fake Anthropic API is `fake-anthropic.ts`.
 *
 * Behaviour per key: any key in `validKeys` works; `overloaded` answers 503; `slow` never answers
 * (for timeouts); `rate limited` answers 429. Every request is recorded.
 *
 * Freepik also has a stock catalogue (EXTERNAL-APIS.md D2–D6), empty unless `freepik.resources`
 * is given: `GET /v1/resources` filters it by `term` and the bracketed `filters[…]` keys and answers
 * the D2 shape; `GET /v1/resources/{id}/download` answers `{data:{filename,url}}` with a signed,
 * expiring loopback URL (`/freepik-cdn/files/…?token=exp=…~hmac=…`) that serves the resource's
 * bytes without any API key, like Freepik's CDN. `freepik.downloadCap` emulates the daily cap (429).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const OVERLOADED_KEY = 'fake-key-overloaded';
export const SLOW_KEY = 'fake-key-slow-never-answers';
export const RATE_LIMITED_KEY = 'fake-key-rate-limited';

/** A stock resource of the fake Freepik catalogue. */
export interface FakeFreepikResource {
  id: number;
  title: string;
  /** Words `term` matches besides the title's. */
  keywords?: string[];
  /** `image.type`; `photo` unless given. */
  type?: 'photo' | 'vector' | 'psd';
  /** `image.orientation` (3P values); `horizontal` unless given. */
  orientation?: 'horizontal' | 'vertical' | 'square' | 'panoramic';
  license?: 'freemium' | 'premium';
  author?: { id: number; name: string; slug: string };
  /** `image.source.size`, `"WxH"`. */
  size?: string;
  /** What the signed download URL serves, and its file name. */
  file: Buffer;
  filename?: string;
  /** Answer the download request itself with this status (e.g. 404, 500). */
  downloadStatus?: number;
}

export interface FakeProvidersOptions {
  freepik?: { resources?: FakeFreepikResource[]; downloadCap?: number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string, without `?` (empty when there is none). */
  query: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeProviders {
  /** Origin of the server (Freepik's API is under `/freepik`, its CDN under `/freepik-cdn`). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

const ORIENTATIONS: Record<string, string> = {
  landscape: 'horizontal',
  portrait: 'vertical',
  square: 'square',
  panoramic: 'panoramic',
};

interface FreepikState {
  origin: string;
  resources: FakeFreepikResource[];
  downloadCap: number;
  downloads: number;
  secret: Buffer;
}

const signature = (state: FreepikState, id: number, exp: number) =>
  createHmac('sha256', state.secret).update(`${id}:${exp}`).digest('hex');

/** `filters[a][b]=1` → `{a: {b: '1'}}`, `filters[color]=blue` → `{color: {'': 'blue'}}`. */
function readFilters(query: URLSearchParams): Record<string, Record<string, string>> {
  const filters: Record<string, Record<string, string>> = {};
  for (const [name, value] of query) {
    const match = /^filters\[([^\]]+)\](?:\[([^\]]+)\])?$/.exec(name);
    if (!match) continue;
    const name1 = match[1] as string;
    filters[name1] = { ...filters[name1], [match[2] ?? '']: value };
  }
  return filters;
}

function matches(
  resource: FakeFreepikResource,
  term: string,
  filters: Record<string, Record<string, string>>,
) {
  const words = term.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = [resource.title, ...(resource.keywords ?? [])].join(' ').toLowerCase();
  if (words.length > 0 && !words.some((word) => haystack.includes(word))) return false;
  const wanted = (group: string) =>
    Object.entries(filters[group] ?? {})
      .filter(([, value]) => value === '1')
      .map(([key]) => key);
  const orientations = wanted('orientation').map((key) => ORIENTATIONS[key]);
  if (orientations.length > 0 && !orientations.includes(resource.orientation ?? 'horizontal')) return false;
  const types = wanted('content_type');
  if (types.length > 0 && !types.includes(resource.type ?? 'photo')) return false;
  const licenses = wanted('license');
  if (licenses.length > 0 && !licenses.includes(resource.license ?? 'freemium')) return false;
  return true;
}

function searchResult(resource: FakeFreepikResource) {
  const author = resource.author ?? { id: 23, name: 'freepik', slug: 'freepik' };
  const license = resource.license ?? 'freemium';
  return {
    id: resource.id,
    title: resource.title,
    url: `https://www.freepik.com/free-photo/${resource.title.toLowerCase().replace(/\W+/g, '-')}_${resource.id}.htm`,
    filename: resource.filename ?? `${resource.id}.jpg`,
    licenses: [{ type: license, url: `https://www.freepik.com/profile/license/pdf/${resource.id}?lang=en` }],
    products: [],
    meta: { published_at: '2026-01-01T00:00:00Z', is_new: false, available_formats: {} },
    image: {
      type: resource.type ?? 'photo',
      orientation: resource.orientation ?? 'horizontal',
      source: {
        url: `https://img.freepik.com/free-photo/${resource.id}.jpg`,
        key: 'large',
        size: resource.size ?? '740x493',
      },
    },
    related: { serie: [], others: [], keywords: resource.keywords ?? [] },
    stats: { downloads: 100, likes: 10 },
    author: { ...author, avatar: `https://avatar.cdnpk.net/${author.id}.jpg`, assets: 1 },
    active: true,
  };
}

/** The signed CDN URL: `/freepik-cdn/files/{id}/{filename}?token=exp=…~hmac=…`, no API key. */
function freepikCdn(request: RecordedRequest, response: ServerResponse, state: FreepikState) {
  const match = /^\/files\/(\d+)\/[^/]+$/.exec(request.path);
  const token = /^exp=(\d+)~hmac=([0-9a-f]{64})$/.exec(new URLSearchParams(request.query).get('token') ?? '');
  const resource = match ? state.resources.find((item) => item.id === Number(match[1])) : undefined;
  if (request.method !== 'GET' || !resource || !token) return json(response, 404, { message: 'Not found' });
  const exp = Number(token[1]);
  const given = Buffer.from(token[2] as string, 'hex');
  const expected = Buffer.from(signature(state, resource.id, exp), 'hex');
  if (!timingSafeEqual(given, expected) || exp * 1000 < Date.now())
    return json(response, 403, { message: 'Signature expired or invalid' });
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': String(resource.file.length),
  });
  response.end(resource.file);
}

function freepik(
  request: RecordedRequest,
  response: ServerResponse,
  validKeys: ReadonlySet<string>,
  state: FreepikState,
) {
  const download = /^\/v1\/resources\/(\d+)\/download$/.exec(request.path);
  if (request.method !== 'GET' || (request.path !== '/v1/resources' && !download))
    return json(response, 404, { message: 'Not found' });
  const key = (request.headers['x-freepik-api-key'] ?? request.headers['x-magnific-api-key']) as
    | string
    | undefined;
  if (key === SLOW_KEY) return;
  if (key === OVERLOADED_KEY) return json(response, 503, { message: 'Service unavailable' });
  if (key === RATE_LIMITED_KEY) return json(response, 429, { message: 'Too many requests' });
  if (!key || !validKeys.has(key)) return json(response, 401, { message: 'Invalid API key' });
  const query = new URLSearchParams(request.query);
  if (download) {
    const resource = state.resources.find((item) => item.id === Number(download[1]));
    if (!resource) return json(response, 404, { message: 'Resource not found' });
    if (resource.downloadStatus)
      return json(response, resource.downloadStatus, { message: 'Download failed' });
    const size = query.get('image_size');
    if (size && !['small', 'medium', 'large', 'original'].includes(size) && !/^\d+$/.test(size))
      return json(response, 400, { message: 'Invalid image_size' });
    if (state.downloads >= state.downloadCap)
      return json(response, 429, { message: 'Daily download limit reached' });
    state.downloads += 1;
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const filename = resource.filename ?? `${resource.id}.jpg`;
    const url = `${state.origin}/freepik-cdn/files/${resource.id}/${filename}?token=exp=${exp}~hmac=${signature(state, resource.id, exp)}`;
    return json(response, 200, { data: { filename, url } });
  }
  const term = query.get('slug') ?? query.get('term') ?? '';
  const limit = Math.max(1, Number(query.get('limit') ?? 10) || 10);
  const page = Math.min(100, Math.max(1, Number(query.get('page') ?? 1) || 1));
  const found = state.resources.filter((resource) => matches(resource, term, readFilters(query)));
  const data = found.slice((page - 1) * limit, page * limit).map(searchResult);
  return json(response, 200, {
    data,
    meta: {
      current_page: page,
      per_page: limit,
      last_page: Math.max(1, Math.ceil(found.length / limit)),
      total: found.length,
      clean_search: false,
    },
  });
}

/**
 * Starts the fake on one loopback port: the API under `/freepik/…` and Freepik's download host
 * under `/freepik-cdn/…`.
 */
export async function startFakeProviders(
  validKeys: Iterable<string>,
  options: FakeProvidersOptions = {},
): Promise<FakeProviders & { freepikUrl: string }> {
  const keys = new Set(validKeys);
  const requests: RecordedRequest[] = [];
  const state: FreepikState = {
    origin: '',
    resources: options.freepik?.resources ?? [],
    downloadCap: options.freepik?.downloadCap ?? Number.POSITIVE_INFINITY,
    downloads: 0,
    secret: randomBytes(32),
  };
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://fake');
      const [, provider, ...rest] = url.pathname.split('/');
      const recorded: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: `/${rest.join('/')}`,
        query: url.search.slice(1),
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      if (provider === 'freepik') freepik(recorded, response, keys, state);
      else if (provider === 'freepik-cdn') freepikCdn(recorded, response, state);
      else json(response, 404, { message: 'Not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.origin = url;
  return {
    url,
    freepikUrl: `${url}/freepik`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
