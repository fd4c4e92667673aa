/**
 * The DynamoDB JSON wire protocol (awsJson1_0) as far as the local proxy needs it: reading a
 * request body, answering with a body the SDK accepts, and errors in DynamoDB's own shape.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';

/** A JSON object as it travels on the wire (attribute values stay opaque `{S: ...}` maps). */
export type WireRecord = Record<string, unknown>;

/** Same cap as dynalite's own HTTP handler (and DynamoDB's 16 MB request limit). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

const DYNAMODB_NAMESPACE = 'com.amazonaws.dynamodb.v20120810#';

/** An error the client must see as a DynamoDB API error (4xx/5xx with `__type`). */
export class DynamoError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: WireRecord,
  ) {
    super(String(body.message ?? body.Message ?? body.__type));
  }
}

/** `ValidationException`, as DynamoDB (and dynalite) name it. */
export function validationError(message: string): DynamoError {
  return new DynamoError(400, { __type: 'com.amazon.coral.validate#ValidationException', message });
}

/** An error in DynamoDB's own namespace, e.g. `ResourceNotFoundException`. */
export function dynamoError(type: string, message: string, extra: WireRecord = {}): DynamoError {
  return new DynamoError(400, { __type: `${DYNAMODB_NAMESPACE}${type}`, message, ...extra });
}

export function serializationError(): DynamoError {
  return new DynamoError(400, { __type: 'com.amazon.coral.service#SerializationException' });
}

export function unknownOperationError(): DynamoError {
  return new DynamoError(400, { __type: 'com.amazon.coral.service#UnknownOperationException' });
}

/** Thrown by `readBody` when the body exceeds the cap; answered with a bare 413 like dynalite. */
export class BodyTooLargeError extends Error {}

/** Reads the whole request body; rejects (instead of crashing the process) when the client aborts. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError('request body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a request body into a JSON object, or throws DynamoDB's `SerializationException`. */
export function parseBody(body: Buffer): WireRecord {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw serializationError();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw serializationError();
  return value as WireRecord;
}

/**
 * Answers with a JSON body and the headers DynamoDB sends: the SDK reads `x-amzn-RequestId` into
 * `$metadata` and may verify `x-amz-crc32`.
 */
export function sendJson(res: ServerResponse, statusCode: number, data: unknown): void {
  const body = Buffer.from(JSON.stringify(data), 'utf8');
  res.writeHead(statusCode, {
    'Content-Type': 'application/x-amz-json-1.0',
    'Content-Length': body.length,
    'x-amzn-RequestId': randomUUID(),
    'x-amz-crc32': crc32(body),
  });
  res.end(body);
}
