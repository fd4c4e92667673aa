/**
 * `GET /api/v1/templates/{template_code}/preview.pdf|png` (issue 5 item 10): a template rendered
 * with the sample content in the calling agency's brand, for the templates the agency may use.
 *
 * Previews are cached in the files bucket under the agency's prefix,
 * `agencies/{agency_id}/template-previews/{CODE}/v{version}-{design}-{brand}.{pdf,png}`: the
 * template's catalogue version, a fingerprint of its design files or stored markup, and a hash of
 * the agency's brand kit and contact details. Anything that changes the output changes the key, so
 * a cached object is never stale and is never rewritten; a miss renders both files at once (the
 * gallery asks for the thumbnail first, the PDF is then ready when the user opens it). The key's
 * hash is also the HTTP `ETag`, so a browser revalidating gets a 304 without S3 being read.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { env } from '../config/env.ts';
import type { TemplateItem } from '../data/entities/templates.ts';
import { service } from '../data/service.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { TemplateError } from '../pdf/templating.ts';
import { s3Client } from '../storage/s3-client.ts';
import { assertTemplateAllowed } from './plan-access.ts';
import { renderPreview } from './preview-render.ts';
import { inlineLogo, type PreviewSample, previewSample } from './preview-sample.ts';
import { designFingerprint } from './render-template.ts';

export type PreviewFormat = 'pdf' | 'png';

const CONTENT_TYPES: Record<PreviewFormat, string> = { pdf: 'application/pdf', png: 'image/png' };

export interface TemplatePreview {
  readonly format: PreviewFormat;
  readonly contentType: string;
  /** Strong validator: the same for every request the same cached object answers. */
  readonly etag: string;
  /** Suggested file name, e.g. `EXEC_01-sample.pdf`. */
  readonly filename: string;
  /** `null` when the caller already has this version (`If-None-Match` matched): answer 304. */
  readonly bytes: Uint8Array | null;
  /** `hit`: read from the cache; `miss`: rendered now; `not-modified`: nothing was read. */
  readonly cache: 'hit' | 'miss' | 'not-modified';
}

/** The S3 key (without extension) and ETag of a preview. */
async function cacheKey(agencyId: string, template: TemplateItem, brandHash: string) {
  const design = (await designFingerprint(template)).slice(0, 12);
  const brand = brandHash.slice(0, 20);
  const stem = `agencies/${agencyId}/template-previews/${template.code}/v${template.version}-${design}-${brand}`;
  const tag = createHash('sha256').update(stem).digest('hex').slice(0, 32);
  return { stem, tag };
}

/** Whether an `If-None-Match` header names `etag` (a list, or `*`; weak tags compare equal). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

async function readCached(key: string): Promise<Uint8Array | null> {
  try {
    const object = await s3Client().send(new GetObjectCommand({ Bucket: env().FILES_BUCKET, Key: key }));
    return (await object.Body?.transformToByteArray()) ?? null;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if ((error as Error).name === 'NoSuchKey' || status === 404) return null;
    throw error;
  }
}

async function store(key: string, bytes: Uint8Array, format: PreviewFormat): Promise<void> {
  await s3Client().send(
    new PutObjectCommand({
      Bucket: env().FILES_BUCKET,
      Key: key,
      Body: bytes,
      ContentType: CONTENT_TYPES[format],
      // The key names one rendering of one design in one brand: its bytes never change.
      CacheControl: 'private, max-age=31536000, immutable',
    }),
  );
}

/** Renders in flight in this process, by key stem: concurrent requests share one render. */
const inFlight = new Map<string, Promise<Record<PreviewFormat, Uint8Array>>>();

function renderAndStore(
  agencyId: string,
  stem: string,
  template: TemplateItem,
  sample: PreviewSample,
): Promise<Record<PreviewFormat, Uint8Array>> {
  let pending = inFlight.get(stem);
  if (!pending) {
    pending = (async () => {
      let rendered: Awaited<ReturnType<typeof renderPreview>>;
      try {
        rendered = await renderPreview(template, await inlineLogo(sample, agencyId));
      } catch (error) {
        if (error instanceof TemplateError)
          throw new ApiError('GEN_003', { details: { template_code: template.code, reason: error.message } });
        throw error;
      }
      await Promise.all([
        store(`${stem}.pdf`, rendered.pdf, 'pdf'),
        store(`${stem}.png`, rendered.png, 'png'),
      ]);
      return { pdf: rendered.pdf, png: rendered.png };
    })().finally(() => inFlight.delete(stem));
    inFlight.set(stem, pending);
  }
  return pending;
}

/**
 * The preview of `code` for `agencyId`: 404 RES_001 for an unknown or retired template, 403
 * BIZ_002 for one the agency's plan or assignments do not include.
 */
export async function templatePreview(
  agencyId: string,
  code: string,
  format: PreviewFormat,
  ifNoneMatch?: string,
): Promise<TemplatePreview> {
  const { data: agency } = await service().entities.agency.get({ id: agencyId }).go();
  if (!agency) throw notFound('Agency');
  const template = await assertTemplateAllowed(agency, code);
  const sample = previewSample(agency);
  const { stem, tag } = await cacheKey(agency.id, template, sample.brandHash);
  const answer = {
    format,
    contentType: CONTENT_TYPES[format],
    etag: `"${tag}-${format}"`,
    filename: `${template.code}-sample.${format}`,
  };
  if (matches(ifNoneMatch, answer.etag)) return { ...answer, bytes: null, cache: 'not-modified' };

  const cached = await readCached(`${stem}.${format}`);
  if (cached) return { ...answer, bytes: cached, cache: 'hit' };
  const rendered = await renderAndStore(agency.id, stem, template, sample);
  return { ...answer, bytes: rendered[format], cache: 'miss' };
}
