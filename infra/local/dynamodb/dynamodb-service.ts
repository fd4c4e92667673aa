/**
 * DynamoDB for the local cloud, mounted at `/_aws/dynamodb`: point the SDK at it with
 * `AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:PORT/_aws/dynamodb` and production data code
 * (`@aws-sdk/client-dynamodb`, ElectroDB) runs unchanged.
 *
 * Why hand-written: dynalite (on-disk, in-process, Apache-2.0) lacks TransactWriteItems,
 * TransactGetItems and TTL, which the data layer relies on (uniqueness markers, seat counters,
 * expiring items); the official DynamoDB Local jar has them, but its licence forbids its use
 * here. So this proxy answers those operations itself, built from dynalite's own single-item
 * operations, and passes everything else to dynalite untouched.
 *
 * Consistency: one readers-writer lock. Every mutation (PutItem, UpdateItem, DeleteItem,
 * BatchWriteItem, TransactWriteItems, TTL deletions, table deletion) holds it alone, so no
 * plain write interleaves with a transaction; reads share it, so they never observe a
 * transaction half-applied or being rolled back.
 */
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { AwsJsonError, BodyTooLargeError } from '../aws-json/protocol.ts';
import { type LocalService, type LocalServiceOptions, takePrefix } from '../service.ts';
import { ClientTokenCache } from './client-tokens.ts';
import { type DynaliteOperation, isDynaliteOperation, openDynalite } from './dynalite-engine.ts';
import { ReadWriteLock } from './rw-lock.ts';
import { transactGetItems } from './transact-get.ts';
import { transactWriteItems } from './transact-write.ts';
import { describeTimeToLive, TtlSettings, updateTimeToLive } from './ttl-settings.ts';
import { startTtlSweeper } from './ttl-sweeper.ts';
import { dynamoProtocol, unknownOperationError, type WireRecord } from './wire.ts';

export const DYNAMODB_MOUNT = '/_aws/dynamodb';

export interface DynamoDbServiceOptions extends LocalServiceOptions {
  /** How often expired TTL items are deleted (default 5 s). */
  readonly ttlSweepIntervalMs?: number;
}

const DEFAULT_TTL_SWEEP_INTERVAL_MS = 5_000;

const MUTATIONS = new Set<DynaliteOperation>(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const READS = new Set<DynaliteOperation>(['GetItem', 'BatchGetItem', 'Query', 'Scan']);

const internalError = (message: string) => dynamoProtocol.error('InternalServerError', message, 500);

/**
 * Opens the on-disk store under `dataDir/dynamodb` (a restart on the same directory keeps every
 * table, item and TTL setting), starts the TTL sweeper and returns the service. `close()` stops
 * the sweeper, waits for requests in flight and releases the LevelDB directory, so the same
 * directory can be opened again in the same process.
 */
export async function createDynamoDbService(options: DynamoDbServiceOptions): Promise<LocalService> {
  const directory = join(options.dataDir, 'dynamodb');
  await mkdir(directory, { recursive: true });
  const settings = await TtlSettings.load(join(directory, 'ttl.json'));
  const engine = await openDynalite(join(directory, 'dynalite'));
  const lock = new ReadWriteLock();
  const tokens = new ClientTokenCache();
  const sweeper = startTtlSweeper({
    engine,
    settings,
    lock,
    intervalMs: options.ttlSweepIntervalMs ?? DEFAULT_TTL_SWEEP_INTERVAL_MS,
  });
  let closing: Promise<void> | undefined;

  const route = (operation: string, input: WireRecord): Promise<WireRecord> => {
    switch (operation) {
      case 'TransactWriteItems':
        return lock.write(() => transactWriteItems(engine, tokens, input));
      case 'TransactGetItems':
        return lock.read(() => transactGetItems(engine, input));
      case 'UpdateTimeToLive':
        // Under the write lock so the settings file has one writer at a time.
        return lock.write(() => updateTimeToLive(engine, settings, input));
      case 'DescribeTimeToLive':
        return describeTimeToLive(engine, settings, input);
      case 'DeleteTable':
        // A table created again under the same name starts without TTL, as in DynamoDB.
        return lock.write(async () => {
          const output = await engine.invoke('DeleteTable', input);
          await settings.set(String(input.TableName), undefined);
          return output;
        });
    }
    if (!isDynaliteOperation(operation)) throw unknownOperationError();
    if (MUTATIONS.has(operation)) return lock.write(() => engine.invoke(operation, input));
    if (READS.has(operation)) return lock.read(() => engine.invoke(operation, input));
    return engine.invoke(operation, input);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      if (closing) throw internalError('The local DynamoDB is shutting down');
      const operation = dynamoProtocol.operationOf(req);
      const input = await dynamoProtocol.readJsonBody(req);
      dynamoProtocol.sendJson(res, 200, await route(operation, input));
    } catch (error) {
      if (error instanceof AwsJsonError || error instanceof BodyTooLargeError)
        dynamoProtocol.sendError(res, error);
      else
        dynamoProtocol.sendError(res, internalError(error instanceof Error ? error.message : String(error)));
    }
  };

  return {
    name: 'dynamodb',
    async handle(req, res) {
      if (!takePrefix(req, DYNAMODB_MOUNT)) return false;
      await serve(req, res);
      return true;
    },
    close() {
      closing ??= (async () => {
        await sweeper.stop();
        // The write lock waits for every locked request in flight; dynalite's own close waits for the rest.
        await lock.write(() => engine.close());
      })();
      return closing;
    },
  };
}
