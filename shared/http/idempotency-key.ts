/**
 * `Idempotency-Key` on POSTs that start work or spend credits (ARCHITECTURE §4), with Powertools
 * for AWS Lambda's idempotency utility on the one table:
 *
 * - the first request with a key runs and its answer is stored for {@link IDEMPOTENCY_TTL_SECONDS};
 *   a repeat with the same key and the same request gets that answer again, without running;
 * - the same key with a different request is 422 VAL_001; a repeat while the first still runs is
 *   409 RES_003 (the IETF `Idempotency-Key` draft's answers);
 * - a request that fails stores nothing (Powertools deletes the in-progress record), so the caller
 *   can fix the cause and retry with the same key.
 *
 * Records live in the agency's own partition (`idempotency#{agency_id}`, sort key
 * `{operation}#{hash of the key}`), so keys are scoped per agency and tenant scoping stays
 * structural; they expire through the table's TTL attribute.
 */

import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { tableName } from '../data/client.ts';
import { TABLE_SCHEMA } from '../data/table-schema.ts';
import { ApiError } from './errors.ts';
import type { ApiEvent } from './types.ts';

/** How long an answer is replayed for a key (Stripe and the IETF draft suggest 24 hours). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** Printable ASCII, 1–255 characters (UUIDs, ULIDs, client-made strings). */
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The request's `Idempotency-Key`, or undefined when it sent none; 422 VAL_001 when malformed. */
export function idempotencyKeyOf(event: Pick<ApiEvent, 'headers'>): string | undefined {
  const key = event.headers['idempotency-key'] ?? event.headers['Idempotency-Key'];
  if (key === undefined) return undefined;
  if (!KEY_FORMAT.test(key)) {
    throw new ApiError('VAL_001', {
      details: [{ field: 'Idempotency-Key', message: 'Must be 1–255 printable ASCII characters' }],
    });
  }
  return key;
}

let client: DynamoDBClient | undefined;
const layers = new Map<string, DynamoDBPersistenceLayer>();

/** The persistence layer writing into `agencyId`'s partition (one per agency per container). */
function persistenceFor(agencyId: string): DynamoDBPersistenceLayer {
  let layer = layers.get(agencyId);
  if (!layer) {
    client ??= new DynamoDBClient({});
    layer = new DynamoDBPersistenceLayer({
      tableName: tableName(),
      keyAttr: TABLE_SCHEMA.partitionKey,
      sortKeyAttr: TABLE_SCHEMA.sortKey,
      staticPkValue: `idempotency#${agencyId}`,
      expiryAttr: TABLE_SCHEMA.ttlAttribute,
      awsSdkV3Client: client,
    });
    layers.set(agencyId, layer);
  }
  return layer;
}

/** Where an idempotent request belongs: its agency and the operation it starts. */
export interface IdempotencyScope {
  agency_id: string;
  /** e.g. `generate`; one key may be used once per operation. */
  operation: string;
}

/**
 * Runs `run` once per (`scope`, `key`): with no key it simply runs. `request` is what makes two
 * requests "the same" (the validated body and path parameters); `context` lets an in-progress
 * record expire with the Lambda's deadline, so a crashed invocation does not block its key.
 * The answer must be JSON-serialisable.
 */
export async function oncePerKey<T>(
  scope: IdempotencyScope,
  key: string | undefined,
  request: unknown,
  context: Context | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (key === undefined) return run();
  const config = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    payloadValidationJmesPath: 'request',
    expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
  });
  if (context?.getRemainingTimeInMillis) config.registerLambdaContext(context);
  const once = makeIdempotent(async (_payload: { key: string; request: unknown }) => run(), {
    persistenceStore: persistenceFor(scope.agency_id),
    config,
    keyPrefix: scope.operation,
  });
  try {
    return (await once({ key, request })) as T;
  } catch (error) {
    if (error instanceof IdempotencyValidationError) {
      throw new ApiError('VAL_001', {
        message: 'This Idempotency-Key was already used with a different request',
        details: [{ field: 'Idempotency-Key', message: 'Already used with a different request body' }],
      });
    }
    if (error instanceof IdempotencyAlreadyInProgressError) {
      throw new ApiError('RES_003', {
        message: 'A request with this Idempotency-Key is still being processed; retry shortly',
        headers: { 'Retry-After': '2' },
      });
    }
    throw error;
  }
}
