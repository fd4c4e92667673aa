/**
 * The two Freepik calls a cover needs, with the wire format of EXTERNAL-APIS.md Part D:
 *
 * - search `GET {FREEPIK_BASE_URL}/v1/resources?term=…&filters[…]=1` (D2), and
 * - download `GET /v1/resources/{id}/download?image_size=large` (D4), which answers JSON with a
 *   time-limited signed URL; the file is fetched from there at once, WITHOUT the API key (the key
 *   goes only to the API host), with a size cap, then checked by its bytes like an upload.
 *
 * Base URL and header name are configuration (`FREEPIK_BASE_URL`, `FREEPIK_AUTH_HEADER`: D1, the
 * Magnific rebrand). Every failure is a `FreepikError` with a reason the caller can report.
 */
import { converter, parse } from 'culori';
import { ApiError } from '../http/errors.ts';
import { type InspectedImage, inspectImage, MAX_IMAGE_BYTES } from '../uploads/inspect-image.ts';

export type FreepikFailure =
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'provider_error'
  | 'timeout'
  | 'unreachable'
  | 'invalid_response'
  | 'no_results'
  | 'too_large'
  | 'bad_image';

export class FreepikError extends Error {
  constructor(
    readonly reason: FreepikFailure,
    message: string,
  ) {
    super(message);
    this.name = 'FreepikError';
  }
}

export interface FreepikSettings {
  baseUrl: string;
  authHeader: string;
  apiKey: string;
  /** Per request (search, download link, file). */
  timeoutMs: number;
  /** Largest file accepted. */
  maxBytes?: number;
}

/** The search-result fields a cover uses (D2 shape; everything else is ignored). */
export interface FreepikResource {
  id: number;
  title?: string;
  url?: string;
  licenses?: { type?: string; url?: string }[];
  image?: { type?: string; orientation?: string; source?: { url?: string; size?: string } };
  author?: { id?: number; name?: string; slug?: string };
  active?: boolean;
}

/** Freepik's `filters[color]` values (D2). */
const FREEPIK_COLORS = ['red', 'orange', 'yellow', 'green', 'cyan', 'blue', 'purple', 'pink'] as const;
const toHsl = converter('hsl');

/** The Freepik colour name closest to `hex` (PRD §7.2.9 `extract_dominant_color`), or undefined. */
export function freepikColor(hex: string): string | undefined {
  const parsed = parse(hex);
  const hsl = parsed ? toHsl(parsed) : undefined;
  if (!hsl) return undefined;
  const { s = 0, l } = hsl;
  if (l < 0.15) return 'black';
  if (l > 0.9) return 'white';
  if (s < 0.15) return 'gray';
  const hue = hsl.h ?? 0;
  const bands: [number, (typeof FREEPIK_COLORS)[number]][] = [
    [15, 'red'],
    [45, 'orange'],
    [70, 'yellow'],
    [165, 'green'],
    [195, 'cyan'],
    [255, 'blue'],
    [290, 'purple'],
    [340, 'pink'],
    [360, 'red'],
  ];
  return bands.find(([limit]) => hue < limit)?.[1] ?? 'red';
}

const endpoint = (settings: FreepikSettings, path: string) =>
  new URL(path, settings.baseUrl.endsWith('/') ? settings.baseUrl : `${settings.baseUrl}/`);

const headers = (settings: FreepikSettings) => ({
  [settings.authHeader]: settings.apiKey,
  accept: 'application/json',
  'accept-language': 'en-US',
});

function transportError(error: unknown): FreepikError {
  if (error instanceof FreepikError) return error;
  const name = (error as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new FreepikError('timeout', 'Freepik did not answer in time');
  return new FreepikError('unreachable', `Freepik could not be reached (${String(error)})`);
}

/** The error a non-2xx API answer stands for (D5: only 400/401 shapes are documented). */
async function statusError(response: Response, what: string): Promise<FreepikError> {
  let detail = '';
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') detail = `: ${body.message.slice(0, 200)}`;
  } catch {
    // Non-JSON error bodies carry nothing we need.
  }
  const message = `Freepik ${what} answered ${response.status}${detail}`;
  if (response.status === 401) return new FreepikError('unauthorized', message);
  if (response.status === 403) return new FreepikError('forbidden', message);
  if (response.status === 429) return new FreepikError('rate_limited', message);
  return new FreepikError('provider_error', message);
}

async function getJson(settings: FreepikSettings, url: URL, what: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: headers(settings),
      redirect: 'error',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    if (!response.ok) throw await statusError(response, what);
    return await response.json();
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new FreepikError('invalid_response', `Freepik ${what} answered invalid JSON`);
    throw transportError(error);
  }
}

export interface SearchOptions {
  term: string;
  /** Freepik colour name (`filters[color]`). */
  color?: string;
  limit?: number;
}

/**
 * Landscape stock photos without people for `term` (D2 filters: `orientation.landscape`,
 * `content_type.photo`, `people.exclude`, optional `color`), in Freepik's relevance order.
 */
export async function searchPhotos(
  settings: FreepikSettings,
  options: SearchOptions,
): Promise<FreepikResource[]> {
  const url = endpoint(settings, 'v1/resources');
  url.searchParams.set('term', options.term);
  url.searchParams.set('page', '1');
  url.searchParams.set('limit', String(options.limit ?? 10));
  url.searchParams.set('order', 'relevance');
  url.searchParams.set('filters[orientation][landscape]', '1');
  url.searchParams.set('filters[content_type][photo]', '1');
  url.searchParams.set('filters[people][exclude]', '1');
  if (options.color) url.searchParams.set('filters[color]', options.color);
  const body = (await getJson(settings, url, 'search')) as { data?: unknown };
  if (!Array.isArray(body?.data))
    throw new FreepikError('invalid_response', 'Freepik search answered no data list');
  return body.data.filter(
    (item): item is FreepikResource =>
      typeof item === 'object' && item !== null && Number.isSafeInteger((item as FreepikResource).id),
  );
}

/** The body of `response`, refusing more than `maxBytes` (declared or actually sent). */
async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new FreepikError('too_large', `The image is larger than ${maxBytes} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    total += chunk.length;
    if (total > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new FreepikError('too_large', `The image is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Where a signed file URL may point: https, or the API's own scheme (loopback fakes in tests). */
function allowedFileUrl(settings: FreepikSettings, raw: unknown): URL | undefined {
  if (typeof raw !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const apiProtocol = new URL(settings.baseUrl).protocol;
  if (url.protocol !== 'https:' && url.protocol !== apiProtocol) return undefined;
  if (url.username || url.password) return undefined;
  return url;
}

/**
 * Downloads resource `id` (D4, `image_size=large`: 2000 px is plenty for a letter-size cover) and
 * returns the checked image. A `.zip` or anything else that is not a complete JPEG/PNG/WebP is
 * `bad_image`.
 */
export async function downloadPhoto(settings: FreepikSettings, id: number): Promise<InspectedImage> {
  const url = endpoint(settings, `v1/resources/${id}/download`);
  url.searchParams.set('image_size', 'large');
  const body = (await getJson(settings, url, 'download')) as {
    data?: { url?: unknown; signed_url?: unknown; filename?: unknown };
  };
  // Prefer a link that is not a zip archive (D4: photos sometimes come zipped).
  const links = [body?.data?.url, body?.data?.signed_url]
    .map((raw) => allowedFileUrl(settings, raw))
    .filter((link): link is URL => link !== undefined);
  const link = links.find((candidate) => !candidate.pathname.toLowerCase().endsWith('.zip')) ?? links[0];
  if (!link) throw new FreepikError('invalid_response', 'Freepik download answered no usable file URL');
  const maxBytes = settings.maxBytes ?? MAX_IMAGE_BYTES;
  let bytes: Buffer;
  try {
    // A signed URL: the API key is never sent to the file host.
    const response = await fetch(link, {
      redirect: 'follow',
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new FreepikError('provider_error', `Freepik file download answered ${response.status}`);
    }
    bytes = await readCapped(response, maxBytes);
  } catch (error) {
    throw transportError(error);
  }
  try {
    return await inspectImage(bytes, { allowSvg: false });
  } catch (error) {
    if (error instanceof ApiError)
      throw new FreepikError(
        error.code === 'FILE_001' ? 'too_large' : 'bad_image',
        `The downloaded file is not a usable image (${error.message})`,
      );
    throw error;
  }
}
