import { S3Client } from '@aws-sdk/client-s3';
import { env } from '../config/env.ts';

let client: S3Client | undefined;

/**
 * The process's S3 client. The endpoint comes from the SDK's own `AWS_ENDPOINT_URL_S3`;
 * `S3_FORCE_PATH_STYLE` is configuration (emulators and dotted bucket names need it).
 */
export function s3Client(): S3Client {
  client ??= new S3Client({ forcePathStyle: env().S3_FORCE_PATH_STYLE });
  return client;
}
