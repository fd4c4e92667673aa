/**
 * Use of an ElectroDB entity that is not part of `service()` (the counters of `platform-counters.ts`
 * and `../team/active-admins.ts`): bound to this process's table and client on first use, like
 * the service's own entities, and usable inside `service().transaction.write(...)`, which sends
 * whatever `.commit()` items the callback returns as one TransactWriteItems on the same table.
 */
import type { Entity, TransactWriteEntity } from 'electrodb';
import { documentClient, tableName } from '../data/client.ts';

// biome-ignore lint/suspicious/noExplicitAny: ElectroDB's own constraint for "any entity".
type AnyEntity = Entity<any, any, any, any>;

/** The transaction-writing view of an entity (what a transaction callback receives). */
export type TransactionView<E> =
  E extends Entity<infer A, infer F, infer C, infer S> ? TransactWriteEntity<A, F, C, S> : never;

/** An entity bound on first use, in its ordinary and its transaction-writing view. */
export interface BoundEntity<E extends AnyEntity> {
  (): E;
  /** The same instance typed for building transaction items: ElectroDB's types offer `.commit()` only there. */
  tx(): TransactionView<E>;
}

/** Binds `entity` to the process's table and document client when first used. */
export function boundEntity<E extends AnyEntity>(entity: E): BoundEntity<E> {
  let bound = false;
  const get = (): E => {
    if (!bound) {
      entity.setClient(documentClient());
      entity.setTableName(tableName());
      bound = true;
    }
    return entity;
  };
  return Object.assign(get, { tx: () => get() as unknown as TransactionView<E> });
}
