/**
 * Images of the files bucket (brand-kit logos, document covers) as the PDF renderer can show them.
 * Chromium renders with every request but `data:` blocked (`shared/pdf/`), so an image passed by
 * its `https://…` URL would silently be missing from the PDF: the image is read from S3 here and
 * inlined as a `data:` URL. The pipeline, content-edit re-renders and template previews all embed
 * images through this one function, so they cannot drift.
 */
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { env } from '../config/env.ts';
import { logger } from '../log.ts';
import { s3Client } from './s3-client.ts';

/** The files-bucket key that `url` (`FILES_BASE_URL/<key>`) names, or null for any other URL. */
export function filesKeyOf(url: string): string | null {
  const prefix = `${env().FILES_BASE_URL.replace(/\/$/, '')}/`;
  if (!url.startsWith(prefix)) return null;
  try {
    return decodeURIComponent(url.slice(prefix.length).split(/[?#]/)[0] as string) || null;
  } catch {
    return null;
  }
}

function isMissing(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey' || status === 404;
}

/**
 * `url` as a `data:` URL for the renderer, or null when it cannot be shown: an image stored under
 * `agencies/{agencyId}/` in the files bucket is read and inlined; a `data:` URL is kept; any other
 * URL (the renderer would block it, and we never fetch foreign URLs) and a missing object are left
 * out with a warning rather than failing the render. Other S3 errors are thrown, so a transient
 * failure is retried instead of producing a PDF without its images.
 */
export async function embedFileImage(
  url: string | null | undefined,
  agencyId: string,
): Promise<string | null> {
  if (!url) return null;
  if (url.startsWith('data:')) return url;
  const key = filesKeyOf(url);
  // Only the tenant's own objects: a URL is never a way to read another agency's files.
  if (!key?.startsWith(`agencies/${agencyId}/`)) {
    logger.warn('image left out of the PDF: not one of the agency’s files', { url, agency_id: agencyId });
    return null;
  }
  try {
    const object = await s3Client().send(new GetObjectCommand({ Bucket: env().FILES_BUCKET, Key: key }));
    const bytes = await object.Body?.transformToByteArray();
    if (!bytes?.byteLength) throw new NoSuchKey({ message: `${key} is empty`, $metadata: {} });
    const type = object.ContentType?.split(';')[0]?.trim() || 'application/octet-stream';
    return `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
  } catch (error) {
    if (!isMissing(error)) throw error;
    logger.warn('image left out of the PDF: missing from the files bucket', { key, agency_id: agencyId });
    return null;
  }
}
