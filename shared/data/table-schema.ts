/**
 * The one DynamoDB table, declared once. CDK creates it from this, the local runtime creates it
 * in dynalite from this, and the ElectroDB entities name these attributes and indexes.
 *
 * Every index is overloaded (generic attribute names) so new access patterns need no new table
 * changes; `shared/data/entities/*.ts` documents which pattern uses which index.
 */
export interface GlobalIndexSchema {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableSchema {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly globalIndexes: readonly GlobalIndexSchema[];
  /** Epoch-seconds attribute; DynamoDB (and the local proxy) delete items once it has passed. */
  readonly ttlAttribute: string;
}

export const TABLE_SCHEMA: TableSchema = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalIndexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
  ttlAttribute: 'ttl',
};

/** Every key attribute of the table and its indexes (all strings). */
export function keyAttributeNames(schema: TableSchema = TABLE_SCHEMA): string[] {
  const names = [schema.partitionKey, schema.sortKey];
  for (const index of schema.globalIndexes) names.push(index.partitionKey, index.sortKey);
  return names;
}
