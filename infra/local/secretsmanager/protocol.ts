/**
 * The AWS JSON 1.1 wire protocol Secrets Manager speaks: `POST /` with
 * `X-Amz-Target: secretsmanager.<Operation>`, JSON bodies, and errors as HTTP 400 with a
 * `__type` the SDK turns into the named exception class (`ResourceNotFoundException`, ...).
 * Signatures are not checked (loopback only).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'secretsmanager.';

/** An API error with its Secrets Manager type name, e.g. `ResourceNotFoundException`. */
export class SecretsManagerError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The operation named by `X-Amz-Target`, e.g. `GetSecretValue`. */
export function operationOf(req: IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw new SecretsManagerError('UnknownOperationException', `Unknown operation ${String(target)}`);
  }
  return target.slice(TARGET_PREFIX.length);
}

/** Reads and parses the JSON request body (at most `limit` bytes). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit)
      throw new SecretsManagerError('InvalidRequestException', `Request exceeds ${limit} bytes`, 413);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const body: unknown = text.trim() === '' ? {} : JSON.parse(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // Answered below like any other malformed body.
  }
  throw new SecretsManagerError('SerializationException', 'Request body is not a JSON object');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': randomUUID() })
    .end(JSON.stringify(body));
}

/** Errors carry `Message` (capitalised), the member name of Secrets Manager's exception shapes. */
export function sendError(res: ServerResponse, error: SecretsManagerError): void {
  sendJson(res, error.status, { __type: error.type, Message: error.message });
}
