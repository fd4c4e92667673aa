/**
 * The local cloud is one `node:http` server on one port. Each emulated AWS service is a
 * `LocalService` mounted under a path prefix; the server offers every request (and WebSocket
 * upgrade) to the services in order until one takes it.
 *
 * Mount points (the SDK reaches them through `AWS_ENDPOINT_URL_<SERVICE>`):
 *   /_aws/dynamodb      DynamoDB (dynalite + transaction/TTL proxy)
 *   /_aws/s3            S3 (s3rver, path-style)
 *   /_aws/secretsmanager Secrets Manager (secrets kept in the data directory)
 *   /_aws/sfn           Step Functions (aws-local-stepfunctions)
 *   /_aws/ses           SES v2 (aws-ses-v2-local)
 *   /_aws/ws-management API Gateway Management API (`@connections`)
 *   /ws                 WebSocket API (`$connect` / `$default` / `$disconnect`)
 *   /api/               HTTP API gateway (route table + authorizer)
 *   /files/             objects of the files bucket (what CloudFront serves in AWS)
 *   /_local/            local-only helpers (e.g. the SES outbox); never part of the AWS build
 *   /                   the built dashboard
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface LocalService {
  readonly name: string;
  /** Serves the request and returns true, or returns false to let the next service try. */
  handle?(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
  /** Takes a WebSocket upgrade and returns true, or returns false. */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Releases timers, sockets and files; the process must be able to exit afterwards. */
  close(): Promise<void>;
}

/** What every service factory gets from the local cloud. */
export interface LocalServiceOptions {
  /** Directory this service may keep its state in (created by the caller, kept across restarts). */
  readonly dataDir: string;
  /** `http://127.0.0.1:PORT`: the one origin every service is reached at. */
  readonly origin: string;
}

/**
 * Strips `prefix` from `req.url` when the request is under it, so a service written for its own
 * server sees the paths it expects. Returns false when the request is not under the prefix.
 */
export function takePrefix(req: IncomingMessage, prefix: string): boolean {
  const url = req.url ?? '/';
  if (url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`)) return false;
  req.url = url.slice(prefix.length) || '/';
  if (!req.url.startsWith('/')) req.url = `/${req.url}`;
  return true;
}
