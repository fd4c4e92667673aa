/**
 * TransactWriteItems on top of dynalite, which has no transactions.
 *
 * The caller holds the proxy's write lock, so nothing else writes (or reads) meanwhile. Every
 * target item's current image is snapshotted, then each action runs through dynalite itself
 * (its condition and update-expression semantics, its index maintenance); a ConditionCheck
 * only evaluates its condition against the snapshot. If any action is refused, the items of
 * the actions that did apply are put back as they were, and the client gets DynamoDB's
 * `TransactionCanceledException` with one reason per action. Since no two actions may target
 * one item, applying them in order is the same as DynamoDB applying them at once.
 */
import { type CancellationReason, NO_FAILURE, reasonFor, transactionCanceled } from './cancellation.ts';
import type { ClientTokenCache } from './client-tokens.ts';
import { type DynaliteEngine, type DynaliteOperation, keyOf } from './dynalite-engine.ts';
import {
  assertDistinctItems,
  parseTransactWrite,
  type WriteAction,
  type WriteKind,
} from './transact-request.ts';
import { DynamoError, type WireRecord } from './wire.ts';

/** The single-item operation whose validator (and, but for ConditionCheck, action) each kind uses. */
const OPERATION: Record<WriteKind, DynaliteOperation> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'DeleteItem',
};

interface PlannedAction extends WriteAction {
  readonly tableName: string;
  readonly key: WireRecord;
  readonly identity: string;
}

/** Validates every action before anything runs: a malformed action rejects the whole request. */
async function plan(engine: DynaliteEngine, actions: readonly WriteAction[]): Promise<PlannedAction[]> {
  const planned: PlannedAction[] = [];
  for (const action of actions) {
    const request = engine.validate(OPERATION[action.kind], action.request);
    const tableName = request.TableName as string;
    const table = await engine.activeTable(tableName);
    const isPut = action.kind === 'Put';
    const target = (isPut ? request.Item : request.Key) as WireRecord;
    const identity = engine.itemIdentity(table, target, isPut);
    planned.push({ ...action, tableName, key: isPut ? keyOf(table, target) : target, identity });
  }
  assertDistinctItems(planned.map((action) => action.identity));
  return planned;
}

async function currentImage(engine: DynaliteEngine, action: PlannedAction): Promise<WireRecord | undefined> {
  const { Item } = await engine.invoke('GetItem', {
    TableName: action.tableName,
    Key: action.key,
    ConsistentRead: true,
  });
  return Item as WireRecord | undefined;
}

/** Runs one action; returns dynalite's refusal, if any. */
async function apply(
  engine: DynaliteEngine,
  action: PlannedAction,
  before: WireRecord | undefined,
): Promise<DynamoError | undefined> {
  if (action.kind === 'ConditionCheck') return engine.checkCondition(action.request, before);
  try {
    await engine.invoke(OPERATION[action.kind], action.request);
    return undefined;
  } catch (error) {
    if (error instanceof DynamoError) return error;
    throw error;
  }
}

async function restore(engine: DynaliteEngine, action: PlannedAction, before: WireRecord | undefined) {
  if (before) await engine.invoke('PutItem', { TableName: action.tableName, Item: before });
  else await engine.invoke('DeleteItem', { TableName: action.tableName, Key: action.key });
}

/**
 * Answers a TransactWriteItems request: all actions apply, or none does. Must run under the
 * proxy's write lock. Throws `DynamoError` (ValidationException, ResourceNotFoundException,
 * TransactionCanceledException, ...) for the client.
 */
export async function transactWriteItems(
  engine: DynaliteEngine,
  tokens: ClientTokenCache,
  input: WireRecord,
): Promise<WireRecord> {
  const { actions, clientRequestToken } = parseTransactWrite(input);
  const fingerprint = JSON.stringify(input.TransactItems);
  const replayed = clientRequestToken && tokens.replay(clientRequestToken, fingerprint);
  if (replayed) return replayed;

  const planned = await plan(engine, actions);
  const before = new Map<PlannedAction, WireRecord | undefined>();
  for (const action of planned) before.set(action, await currentImage(engine, action));

  const reasons: CancellationReason[] = [];
  const applied: PlannedAction[] = [];
  let committed = false;
  try {
    for (const action of planned) {
      const refusal = await apply(engine, action, before.get(action));
      if (refusal) {
        reasons.push(reasonFor(refusal, before.get(action), action.returnOldOnFailure));
      } else {
        reasons.push(NO_FAILURE);
        if (action.kind !== 'ConditionCheck') applied.push(action);
      }
    }
    committed = reasons.every((reason) => reason === NO_FAILURE);
  } finally {
    // Also on an unexpected error: never leave half a transaction behind.
    if (!committed) for (const action of applied.reverse()) await restore(engine, action, before.get(action));
  }
  if (!committed) throw transactionCanceled(reasons);

  const response: WireRecord = {};
  if (clientRequestToken) tokens.remember(clientRequestToken, fingerprint, response);
  return response;
}
