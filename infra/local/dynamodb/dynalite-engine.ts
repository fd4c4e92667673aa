/**
 * dynalite, in-process and without its HTTP server.
 *
 * dynalite is split into a LevelDB store (`dynalite/db`), per-operation request validators
 * (`dynalite/validations/*`) and per-operation actions (`dynalite/actions/*`); its own HTTP
 * handler only glues them together (plus signature-header checks). We call the same pieces
 * directly, so every DynamoDB semantic (types, expressions, conditions, indexes) stays
 * dynalite's, while we get: no second port, a store handle we can close (its server can only
 * close the store once it has listened), and errors that reject a promise instead of being
 * thrown from a callback (which would take the whole local cloud down).
 */
import { createRequire } from 'node:module';
import { DynamoError, type WireRecord } from './wire.ts';

/** The operations dynalite implements (its own list, minus DescribeTimeToLive which we answer). */
const DYNALITE_OPERATIONS = [
  'BatchGetItem',
  'BatchWriteItem',
  'CreateTable',
  'DeleteItem',
  'DeleteTable',
  'DescribeTable',
  'GetItem',
  'ListTables',
  'ListTagsOfResource',
  'PutItem',
  'Query',
  'Scan',
  'TagResource',
  'UntagResource',
  'UpdateItem',
  'UpdateTable',
] as const;

export type DynaliteOperation = (typeof DYNALITE_OPERATIONS)[number];

export interface KeySchemaElement {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

/** The parts of a stored table description the proxy reads. */
export interface TableDescription {
  readonly TableName: string;
  readonly KeySchema: readonly KeySchemaElement[];
}

/** The key attributes of a whole item. */
export function keyOf(table: TableDescription, item: WireRecord): WireRecord {
  return Object.fromEntries(table.KeySchema.map(({ AttributeName }) => [AttributeName, item[AttributeName]]));
}

/** dynalite's in-process DynamoDB: validated operations against one LevelDB directory. */
export interface DynaliteEngine {
  /** Validates `input` like the HTTP API would and runs the operation; rejects with `DynamoError`. */
  invoke(operation: DynaliteOperation, input: WireRecord): Promise<WireRecord>;
  /**
   * Validates `input` like the HTTP API would, without running it, and returns dynalite's
   * normalised copy (unknown members dropped); throws `DynamoError`.
   */
  validate(operation: DynaliteOperation, input: WireRecord): WireRecord;
  /**
   * Evaluates the condition of `input` (validated as a DeleteItem request: TableName, Key,
   * ConditionExpression and its names/values) against `item` without writing anything. Returns
   * the `ConditionalCheckFailedException` on failure; throws `DynamoError` for invalid input.
   */
  checkCondition(input: WireRecord, item: WireRecord | undefined): DynamoError | undefined;
  /** The ACTIVE table's description; rejects with `ResourceNotFoundException` otherwise. */
  activeTable(tableName: string): Promise<TableDescription>;
  /**
   * The identity of the item that `attributes` (a whole item when `isItem`, else a key) address
   * in `table`, as dynalite keys it in LevelDB (so `{N:'1'}` and `{N:'1.0'}` are one item).
   * Throws DynamoDB's `ValidationException` when key attributes are missing or mistyped.
   */
  itemIdentity(table: TableDescription, attributes: WireRecord, isItem: boolean): string;
  /** Waits for pending LevelDB operations and releases the directory lock. */
  close(): Promise<void>;
}

interface DynaliteFailure extends Error {
  statusCode?: number;
  body?: WireRecord;
}

type Callback<T> = (error: DynaliteFailure | null | undefined, result?: T) => void;

interface DynaliteStore {
  readonly db: { open(): Promise<void>; close(): Promise<void> };
  getTable(name: string, callback: Callback<TableDescription>): void;
}

type Check = DynaliteFailure | null | undefined;

interface DynaliteDbModule {
  create(options: { path: string }): DynaliteStore;
  checkConditional(data: WireRecord, item: WireRecord | undefined): Check;
  validateItem(item: WireRecord, table: TableDescription): Check;
  validateKey(key: WireRecord, table: TableDescription): Check;
  createKey(attributes: WireRecord, table: TableDescription): string;
}

interface ValidationsModule {
  checkTypes(data: WireRecord, types: object): WireRecord;
  checkValidations(data: WireRecord, types: object, custom: unknown, store: DynaliteStore): void;
}

interface OperationValidation {
  readonly types: object;
  readonly custom?: unknown;
}

type Action = (store: DynaliteStore, data: WireRecord, callback: Callback<WireRecord>) => void;

// dynalite is CommonJS without type declarations; the interfaces above type what we use of it.
const require = createRequire(import.meta.url);
const dynaliteDb = require('dynalite/db') as DynaliteDbModule;
const validations = require('dynalite/validations') as ValidationsModule;

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const ACTIONS = new Map<DynaliteOperation, { action: Action; validation: OperationValidation }>(
  DYNALITE_OPERATIONS.map((operation) => [
    operation,
    {
      action: require(`dynalite/actions/${lowerFirst(operation)}`) as Action,
      validation: require(`dynalite/validations/${lowerFirst(operation)}`) as OperationValidation,
    },
  ]),
);

function toDynamoError(failure: DynaliteFailure): Error {
  return failure.statusCode && failure.body ? new DynamoError(failure.statusCode, failure.body) : failure;
}

export function isDynaliteOperation(name: string): name is DynaliteOperation {
  return ACTIONS.has(name as DynaliteOperation);
}

/**
 * Opens (creating if needed) the LevelDB store in `path`. Fails fast when the directory is held
 * by another open instance.
 */
export async function openDynalite(path: string): Promise<DynaliteEngine> {
  const store = dynaliteDb.create({ path });
  try {
    await store.db.open();
  } catch (error) {
    const locked = (error as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED';
    const reason = locked ? 'it is in use by another running instance' : (error as Error).message;
    throw new Error(`Cannot open the local DynamoDB store in ${path}: ${reason}`, { cause: error });
  }

  const validate = (operation: DynaliteOperation, input: WireRecord): WireRecord => {
    const { validation } = ACTIONS.get(operation) as { validation: OperationValidation };
    try {
      // checkTypes deletes unknown members from its argument, so it gets a copy.
      const data = validations.checkTypes(structuredClone(input), validation.types);
      validations.checkValidations(data, validation.types, validation.custom, store);
      return data;
    } catch (error) {
      throw toDynamoError(error as DynaliteFailure);
    }
  };

  return {
    validate,
    async invoke(operation, input) {
      const data = validate(operation, input);
      const { action } = ACTIONS.get(operation) as { action: Action };
      return new Promise((resolve, reject) => {
        action(store, data, (error, result) =>
          error ? reject(toDynamoError(error)) : resolve(result ?? {}),
        );
      });
    },
    checkCondition(input, item) {
      const failure = dynaliteDb.checkConditional(validate('DeleteItem', input), item);
      return failure ? (toDynamoError(failure) as DynamoError) : undefined;
    },
    activeTable(tableName) {
      return new Promise((resolve, reject) => {
        store.getTable(tableName, (error, table) =>
          error || !table ? reject(toDynamoError(error ?? new Error('table lookup failed'))) : resolve(table),
        );
      });
    },
    itemIdentity(table, attributes, isItem) {
      const invalid = isItem
        ? dynaliteDb.validateItem(attributes, table)
        : dynaliteDb.validateKey(attributes, table);
      if (invalid) throw toDynamoError(invalid);
      return `${table.TableName}\u0000${dynaliteDb.createKey(attributes, table)}`;
    },
    close: () => store.db.close(),
  };
}
