/**
 * The AWS JSON 1.0 wire protocol Step Functions speaks: `POST /` with
 * `X-Amz-Target: AWSStepFunctions.<Operation>`, JSON bodies, and errors as HTTP 4xx/5xx with a
 * `__type` the SDK turns into the named exception class. Signatures are not checked (loopback).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AWSStepFunctions.';

/** An API error with its Step Functions type name, e.g. `ExecutionDoesNotExist`. */
export class SfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The operation named by `X-Amz-Target`, e.g. `StartExecution`. */
export function operationOf(req: IncomingMessage): string {
  const target = req.headers['x-amz-target'];
  if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw new SfnError('UnknownOperationException', `Unknown operation ${String(target)}`);
  }
  return target.slice(TARGET_PREFIX.length);
}

/** Reads and parses the JSON request body (at most `limit` bytes). */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new SfnError('ValidationException', `Request body exceeds ${limit} bytes`, 413);
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
  throw new SfnError('SerializationException', 'Request body is not a JSON object');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res
    .writeHead(status, { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': randomUUID() })
    .end(JSON.stringify(body));
}

export function sendError(res: ServerResponse, error: SfnError): void {
  sendJson(res, error.status, { __type: `com.amazonaws.states#${error.type}`, message: error.message });
}
