/**
 * The AWS JSON wire protocol (awsJson1_0 / awsJson1_1) as the local emulators speak it: `POST /`
 * with `X-Amz-Target: <prefix><Operation>`, a JSON object as body, JSON answers carrying an
 * `x-amzn-RequestId`, and errors as HTTP 4xx/5xx with a `__type` the SDK turns into the named
 * exception class. Signatures are not checked (loopback only).
 *
 * Each service describes its dialect once (`awsJsonProtocol({...})`): version, target prefix,
 * body cap, how its error shapes are named, and the answers to the protocol's own failures.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';

/** A JSON object as it travels on the wire. */
export type JsonObject = Record<string, unknown>;

/** An error the client must see as an API error: its HTTP status and JSON body (with `__type`). */
export class AwsJsonError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: JsonObject,
  ) {
    super(String(body.message ?? body.Message ?? body.__type));
  }
}

/** Thrown by `readBody` when the body exceeds its cap. */
export class BodyTooLargeError extends Error {}

/** Builds an error of the service's own shape, e.g. `error('ResourceNotFoundException', '...')`. */
export type AwsJsonErrorFactory = (
  type: string,
  message: string,
  status?: number,
  extra?: JsonObject,
) => AwsJsonError;

export interface AwsJsonDialect {
  /** `Content-Type: application/x-amz-json-<version>` on every answer. */
  readonly version: '1.0' | '1.1';
  /** The accepted `X-Amz-Target` prefixes, e.g. `['secretsmanager.']`; the operation follows. */
  readonly targetPrefixes: readonly string[];
  /** Bodies above this many bytes are refused (413). */
  readonly maxBodyBytes: number;
  /** What goes before the type name in `__type`, e.g. `com.amazonaws.states#`; default none. */
  readonly errorNamespace?: string;
  /** The member carrying an error's message in the service's exception shapes; default `message`. */
  readonly messageMember?: 'message' | 'Message';
  /** Whether an empty (or blank) body reads as `{}` (default) or is malformed. */
  readonly emptyBodyIsObject?: boolean;
  /** Adds `x-amz-crc32` to answers (the DynamoDB SDK may verify it). */
  readonly crc32?: boolean;
  /** Answer to a request that names no operation of this service; default `UnknownOperationException`. */
  readonly unknownOperation?: (target: string | undefined, error: AwsJsonErrorFactory) => AwsJsonError;
  /** Answer to a body that is not a JSON object; default `SerializationException`. */
  readonly malformedBody?: (error: AwsJsonErrorFactory) => AwsJsonError;
  /** Answer to a body over `maxBodyBytes`; without it, a bare 413. */
  readonly bodyTooLarge?: (limit: number, error: AwsJsonErrorFactory) => AwsJsonError;
}

export interface AwsJsonProtocol {
  /** An error in the dialect's namespace and shape (status 400 unless given). */
  readonly error: AwsJsonErrorFactory;
  /** The operation named by `X-Amz-Target`, e.g. `GetSecretValue`; throws for anything else. */
  operationOf(req: IncomingMessage): string;
  /** Reads the request body (capped) and parses it into a JSON object, or throws the dialect's error. */
  readJsonBody(req: IncomingMessage): Promise<JsonObject>;
  sendJson(res: ServerResponse, status: number, body: unknown): void;
  /** Answers an `AwsJsonError` with its status and body; a `BodyTooLargeError` with a bare 413. */
  sendError(res: ServerResponse, error: AwsJsonError | BodyTooLargeError): void;
}

/** Reads the whole request body; rejects (instead of crashing the process) when the client aborts. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Drain the rest so the answer can still go out on this connection.
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(`Request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function awsJsonProtocol(dialect: AwsJsonDialect): AwsJsonProtocol {
  const contentType = `application/x-amz-json-${dialect.version}`;
  const namespace = dialect.errorNamespace ?? '';
  const messageMember = dialect.messageMember ?? 'message';

  const error: AwsJsonErrorFactory = (type, message, status = 400, extra = {}) =>
    new AwsJsonError(status, { __type: `${namespace}${type}`, [messageMember]: message, ...extra });
  const unknownOperation =
    dialect.unknownOperation ??
    ((target) => error('UnknownOperationException', `Unknown operation ${String(target)}`));
  const malformedBody =
    dialect.malformedBody ?? (() => error('SerializationException', 'Request body is not a JSON object'));

  function parse(text: string): JsonObject {
    if (dialect.emptyBodyIsObject !== false && text.trim() === '') return {};
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw malformedBody(error);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformedBody(error);
    return value as JsonObject;
  }

  function sendJson(res: ServerResponse, status: number, data: unknown): void {
    const body = Buffer.from(JSON.stringify(data), 'utf8');
    res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': body.length,
      'x-amzn-RequestId': randomUUID(),
      ...(dialect.crc32 ? { 'x-amz-crc32': crc32(body) } : {}),
    });
    res.end(body);
  }

  return {
    error,
    operationOf(req) {
      const target = req.headers['x-amz-target'];
      const prefix =
        typeof target === 'string' ? dialect.targetPrefixes.find((p) => target.startsWith(p)) : undefined;
      if (req.method !== 'POST' || prefix === undefined) {
        throw unknownOperation(typeof target === 'string' ? target : undefined, error);
      }
      return (target as string).slice(prefix.length);
    },
    async readJsonBody(req) {
      try {
        return parse((await readBody(req, dialect.maxBodyBytes)).toString('utf8'));
      } catch (failure) {
        if (failure instanceof BodyTooLargeError && dialect.bodyTooLarge)
          throw dialect.bodyTooLarge(dialect.maxBodyBytes, error);
        throw failure;
      }
    },
    sendJson,
    sendError(res, failure) {
      if (failure instanceof AwsJsonError) sendJson(res, failure.statusCode, failure.body);
      else res.writeHead(413).end();
    },
  };
}
