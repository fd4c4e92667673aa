/**
 * S3 for the local cloud: s3rver (Koa) on disk, dispatched in-process under `/_aws/s3`
 * (path-style), plus `/files/*`, the public face of the files bucket that CloudFront serves in
 * AWS. s3rver does not check signatures, which is fine for an emulator on loopback.
 *
 * Its paginated ListObjectsV2 encrypts continuation tokens with DES, so the process must run
 * with `--openssl-legacy-provider` (the npm scripts set it).
 */
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import S3rver from 's3rver';
import { type LocalService, type LocalServiceOptions, takePrefix } from '../service.ts';

export interface S3ServiceOptions extends LocalServiceOptions {
  /** Buckets created at start (idempotent). */
  readonly buckets: readonly string[];
  /** The bucket whose objects `/files/*` serves. */
  readonly filesBucket: string;
}

const FILE_METHODS = new Set(['GET', 'HEAD']);

/** Starts s3rver on `dataDir/s3` and returns the service mounted at `/_aws/s3` and `/files`. */
export async function createS3Service(options: S3ServiceOptions): Promise<LocalService> {
  const directory = join(options.dataDir, 's3');
  await mkdir(directory, { recursive: true });
  const s3rver = new S3rver({
    directory,
    silent: true,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  await s3rver.configureBuckets();
  const dispatch = s3rver.callback();

  return {
    name: 's3',
    handle(req: IncomingMessage, res: ServerResponse) {
      if (takePrefix(req, '/_aws/s3')) {
        dispatch(req, res);
        return true;
      }
      if (FILE_METHODS.has(req.method ?? '') && takePrefix(req, '/files')) {
        // Only object reads: /files/{key} → GET /{bucket}/{key}; listings and writes stay private.
        // Query strings are dropped: public reads must not reach s3rver's sub-resources (?acl...).
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (path === '/' || path.endsWith('/')) {
          res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
          return true;
        }
        req.url = `/${options.filesBucket}${path}`;
        dispatch(req, res);
        return true;
      }
      return false;
    },
    async close() {
      // Nothing listens and the filesystem store holds no open handles between requests.
    },
  };
}
