/**
 * TransactGetItems on top of dynalite, which lacks it. The caller holds the proxy's read lock,
 * so no write runs between the reads: the items form one consistent snapshot, as in DynamoDB.
 */
import type { DynaliteEngine } from './dynalite-engine.ts';
import { assertDistinctItems, parseTransactGet } from './transact-request.ts';
import type { WireRecord } from './wire.ts';

/**
 * Answers a TransactGetItems request: `Responses` in request order, `{Item}` for an item found
 * (projected by its `ProjectionExpression`) and `{}` for one that is absent. Must run under the
 * proxy's read (or write) lock. Throws `DynamoError` for the client.
 */
export async function transactGetItems(engine: DynaliteEngine, input: WireRecord): Promise<WireRecord> {
  const gets = parseTransactGet(input);
  const identities: string[] = [];
  for (const get of gets) {
    // dynalite's GetItem validator covers every member of a Get (Key, ProjectionExpression, names).
    const request = engine.validate('GetItem', get);
    const table = await engine.activeTable(request.TableName as string);
    identities.push(engine.itemIdentity(table, request.Key as WireRecord, false));
  }
  assertDistinctItems(identities);

  const Responses: WireRecord[] = [];
  for (const get of gets) {
    const { Item } = await engine.invoke('GetItem', { ...get, ConsistentRead: true });
    Responses.push(Item ? { Item } : {});
  }
  return { Responses };
}
