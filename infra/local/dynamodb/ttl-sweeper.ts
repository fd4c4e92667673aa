/**
 * Deletes expired items, as DynamoDB's TTL does in the background: an item whose TTL attribute
 * is a number of epoch seconds in the past. DynamoDB does it without scanning; the emulator
 * may scan (tables are small, and production code never depends on when this happens: readers
 * ignore expired items themselves).
 */
import { type DynaliteEngine, keyOf, type TableDescription } from './dynalite-engine.ts';
import type { ReadWriteLock } from './rw-lock.ts';
import type { TtlSettings } from './ttl-settings.ts';
import { DynamoError, type WireRecord } from './wire.ts';

/** Deletions per hold of the write lock, so a large backlog does not stall other requests. */
const DELETIONS_PER_LOCK = 25;

export interface TtlSweeperOptions {
  readonly engine: DynaliteEngine;
  readonly settings: TtlSettings;
  readonly lock: ReadWriteLock;
  readonly intervalMs: number;
  /** Where a failed sweep is reported; the sweeper keeps going. */
  readonly onError?: (error: unknown) => void;
}

export interface TtlSweeper {
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

const isNotFound = (error: unknown) =>
  error instanceof DynamoError && String(error.body.__type).endsWith('#ResourceNotFoundException');
const isConditionFailure = (error: unknown) =>
  error instanceof DynamoError && String(error.body.__type).endsWith('#ConditionalCheckFailedException');

/** Keys and TTL values of the items of `table` that expired before `nowSeconds` (read under the read lock). */
async function findExpired(
  engine: DynaliteEngine,
  lock: ReadWriteLock,
  table: TableDescription,
  ttlAttribute: string,
  nowSeconds: number,
): Promise<WireRecord[]> {
  // Placeholders for every attribute read: any of them may be a reserved word.
  const attributes = [...new Set([...table.KeySchema.map((key) => key.AttributeName), ttlAttribute])];
  const names = Object.fromEntries(attributes.map((name, index) => [`#a${index}`, name]));
  const ttlName = `#a${attributes.indexOf(ttlAttribute)}`;
  return lock.read(async () => {
    const expired: WireRecord[] = [];
    let startKey: unknown;
    do {
      // `<` only holds between numbers here; an item with a non-number TTL never expires.
      const page = await engine.invoke('Scan', {
        TableName: table.TableName,
        FilterExpression: `${ttlName} < :now`,
        ProjectionExpression: Object.keys(names).join(', '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':now': { N: String(nowSeconds) } },
        ExclusiveStartKey: startKey,
      });
      expired.push(...((page.Items as WireRecord[] | undefined) ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return expired;
  });
}

/**
 * Deletes the expired items of every table with TTL enabled and returns how many it deleted.
 * Deletions run under the write lock and only if the TTL value is still the one seen when
 * scanning, so an item rewritten in between is left alone.
 */
export async function sweepExpiredItems(
  engine: DynaliteEngine,
  settings: TtlSettings,
  lock: ReadWriteLock,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<number> {
  let deleted = 0;
  for (const [tableName, ttlAttribute] of settings.entries()) {
    let table: TableDescription;
    try {
      table = await engine.activeTable(tableName);
    } catch (error) {
      if (isNotFound(error)) continue; // being created or deleted
      throw error;
    }
    const expired = await findExpired(engine, lock, table, ttlAttribute, nowSeconds);
    for (let start = 0; start < expired.length; start += DELETIONS_PER_LOCK) {
      await lock.write(async () => {
        for (const item of expired.slice(start, start + DELETIONS_PER_LOCK)) {
          try {
            await engine.invoke('DeleteItem', {
              TableName: tableName,
              Key: keyOf(table, item),
              ConditionExpression: '#ttl = :seen',
              ExpressionAttributeNames: { '#ttl': ttlAttribute },
              ExpressionAttributeValues: { ':seen': item[ttlAttribute] },
            });
            deleted += 1;
          } catch (error) {
            if (!isConditionFailure(error)) throw error;
          }
        }
      });
    }
  }
  return deleted;
}

/** Sweeps every `intervalMs` (never overlapping) until stopped; the timer never keeps the process alive. */
export function startTtlSweeper(options: TtlSweeperOptions): TtlSweeper {
  const { engine, settings, lock, intervalMs } = options;
  const onError =
    options.onError ?? ((error: unknown) => console.error('[dynamodb] TTL sweep failed:', error));
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  let stopped = false;

  const schedule = () => {
    timer = setTimeout(() => {
      sweeping = sweepExpiredItems(engine, settings, lock)
        .then(() => undefined, onError)
        .finally(() => {
          sweeping = undefined;
          if (!stopped) schedule();
        });
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await sweeping;
    },
  };
}
