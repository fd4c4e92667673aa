/**
 * Stores an inspected image in the files bucket under a content-hashed key, so a URL names exactly
 * one version of an image: it can be cached forever, and replacing a logo yields a new URL instead
 * of a stale cached one. The previous version is left in place (documents and emails already sent
 * may still point at it; the bucket's lifecycle rules govern old objects).
 */
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { env } from '../config/env.ts';
import { s3Client } from '../storage/s3-client.ts';
import type { InspectedImage } from './inspect-image.ts';

/** Where an image was stored and the public URL it is served at (`FILES_BASE_URL/<key>`). */
export interface StoredImage {
  key: string;
  url: string;
}

/**
 * Puts `image` at `{prefix}/{name}-{sha256 prefix}.{ext}` with its real Content-Type. `prefix` is a
 * tenant-owned folder such as `agencies/{agency_id}/branding`.
 */
export async function storeImage(image: InspectedImage, prefix: string, name: string): Promise<StoredImage> {
  const digest = createHash('sha256').update(image.bytes).digest('hex').slice(0, 32);
  const key = `${prefix}/${name}-${digest}.${image.extension}`;
  await s3Client().send(
    new PutObjectCommand({
      Bucket: env().FILES_BUCKET,
      Key: key,
      Body: image.bytes,
      ContentType: image.content_type,
      // Content-addressed: the bytes behind this key never change.
      CacheControl: 'public, max-age=31536000, immutable',
    }),
  );
  return { key, url: `${env().FILES_BASE_URL.replace(/\/$/, '')}/${key}` };
}
