/**
 * Shape checks of TransactWriteItems / TransactGetItems requests that dynalite cannot do (it
 * has no such operations). The members of each action are validated later by dynalite's own
 * PutItem / UpdateItem / DeleteItem / GetItem validators.
 */
import { serializationError, validationError, type WireRecord } from './wire.ts';

/** DynamoDB's limit for both TransactWriteItems and TransactGetItems. */
export const MAX_TRANSACTION_ACTIONS = 100;

export type WriteKind = 'ConditionCheck' | 'Put' | 'Update' | 'Delete';

const WRITE_KINDS: readonly WriteKind[] = ['ConditionCheck', 'Put', 'Update', 'Delete'];

/** Members an action cannot do without (DynamoDB's model marks them required). */
const REQUIRED_MEMBER: Partial<Record<WriteKind, string>> = {
  ConditionCheck: 'ConditionExpression',
  Update: 'UpdateExpression',
};

export interface WriteAction {
  readonly kind: WriteKind;
  /** The action's members (TableName, Item or Key, expressions, names, values). */
  readonly request: WireRecord;
  /** `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`: a failed condition reports the old item. */
  readonly returnOldOnFailure: boolean;
}

export interface TransactWriteRequest {
  readonly actions: readonly WriteAction[];
  readonly clientRequestToken: string | undefined;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function isRecord(value: unknown): value is WireRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function constraintError(path: string, value: string, constraint: string) {
  return validationError(
    `1 validation error detected: Value ${value} at '${path}' failed to satisfy constraint: ${constraint}`,
  );
}

function transactItems(input: WireRecord): WireRecord[] {
  const items = input.TransactItems;
  if (items == null) throw constraintError('transactItems', 'null', 'Member must not be null');
  if (!Array.isArray(items)) throw serializationError();
  if (items.length < 1) {
    throw constraintError('transactItems', '[]', 'Member must have length greater than or equal to 1');
  }
  if (items.length > MAX_TRANSACTION_ACTIONS) {
    throw constraintError(
      'transactItems',
      `of ${items.length} items`,
      `Member must have length less than or equal to ${MAX_TRANSACTION_ACTIONS}`,
    );
  }
  if (!items.every(isRecord)) throw serializationError();
  return items;
}

/** Checks a TransactWriteItems request's shape and splits it into actions, in request order. */
export function parseTransactWrite(input: WireRecord): TransactWriteRequest {
  const token = input.ClientRequestToken;
  if (token != null && (typeof token !== 'string' || token.length < 1 || token.length > 36)) {
    throw constraintError('clientRequestToken', 'invalid', 'Member must have length between 1 and 36');
  }
  const actions = transactItems(input).map((item, index): WriteAction => {
    const kinds = WRITE_KINDS.filter((kind) => item[kind] != null);
    const kind = kinds[0];
    if (kind === undefined) {
      throw validationError(
        'Invalid Request: TransactWriteRequest should contain Delete or Put or Update request',
      );
    }
    if (kinds.length > 1)
      throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
    const request = item[kind];
    if (!isRecord(request)) throw serializationError();
    const required = REQUIRED_MEMBER[kind];
    if (required && request[required] == null) {
      const path = `transactItems.${index + 1}.member.${lowerFirst(kind)}.${lowerFirst(required)}`;
      throw constraintError(path, 'null', 'Member must not be null');
    }
    const onFailure = request.ReturnValuesOnConditionCheckFailure;
    if (onFailure != null && onFailure !== 'ALL_OLD' && onFailure !== 'NONE') {
      const path = `transactItems.${index + 1}.member.${lowerFirst(kind)}.returnValuesOnConditionCheckFailure`;
      throw constraintError(
        path,
        `'${String(onFailure)}'`,
        'Member must satisfy enum value set: [ALL_OLD, NONE]',
      );
    }
    return { kind, request, returnOldOnFailure: onFailure === 'ALL_OLD' };
  });
  return { actions, clientRequestToken: token ?? undefined };
}

/** Checks a TransactGetItems request's shape and returns each `Get`, in request order. */
export function parseTransactGet(input: WireRecord): WireRecord[] {
  return transactItems(input).map((item, index) => {
    const get = item.Get;
    if (get == null)
      throw constraintError(`transactItems.${index + 1}.member.get`, 'null', 'Member must not be null');
    if (!isRecord(get)) throw serializationError();
    return get;
  });
}

/** DynamoDB refuses a transaction that names one item twice (whatever the actions are). */
export function assertDistinctItems(identities: readonly string[]): void {
  if (new Set(identities).size !== identities.length) {
    throw validationError('Transaction request cannot include multiple operations on one item');
  }
}
