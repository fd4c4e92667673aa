/**
 * Creates the one table from the shared schema, for the local runtime and tests (in AWS, CDK
 * creates it from the same schema).
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { keyAttributeNames, TABLE_SCHEMA, type TableSchema } from '../../../shared/data/table-schema.ts';

const POLL_INTERVAL_MS = 100;
const ACTIVE_TIMEOUT_MS = 60_000;

/** The CreateTable request for `schema`: on-demand, every key attribute a string, every GSI projecting ALL. */
export function createTableInput(
  tableName: string,
  schema: TableSchema = TABLE_SCHEMA,
): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributeNames(schema).map((AttributeName) => ({
      AttributeName,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: schema.partitionKey, KeyType: 'HASH' },
      { AttributeName: schema.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: schema.globalIndexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
  schema: TableSchema,
): Promise<void> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (Table?.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE')) {
      // A table from an older schema would fail later with confusing query errors; say it now.
      const missing = schema.globalIndexes.filter(
        (wanted) => !indexes.some((index) => index.IndexName === wanted.name),
      );
      if (missing.length > 0) {
        throw new Error(
          `Table ${tableName} lacks the indexes ${missing.map((index) => index.name).join(', ')}; it predates the schema (delete the local data directory to recreate it)`,
        );
      }
      return;
    }
    if (Date.now() > deadline)
      throw new Error(`Table ${tableName} is not ACTIVE after ${ACTIVE_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

async function enableTimeToLive(
  client: DynamoDBClient,
  tableName: string,
  attributeName: string,
): Promise<void> {
  const { TimeToLiveDescription: current } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  const status = current?.TimeToLiveStatus ?? 'DISABLED';
  if (status === 'DISABLED') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: attributeName },
      }),
    );
    return;
  }
  // UpdateTimeToLive refuses to change an enabled (or changing) setting; only report a mismatch.
  if (current?.AttributeName !== attributeName) {
    throw new Error(
      `Table ${tableName} has TTL ${status} on '${current?.AttributeName}', expected '${attributeName}'`,
    );
  }
}

/**
 * Makes sure `tableName` exists as `schema` describes it, is ACTIVE (indexes included) and has
 * TTL enabled on the schema's TTL attribute. Idempotent: safe on every start and from
 * concurrent callers.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  schema: TableSchema = TABLE_SCHEMA,
): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName, schema)));
  } catch (error) {
    // Already there (or being created by another caller): wait for it like for our own.
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  await waitUntilActive(client, tableName, schema);
  await enableTimeToLive(client, tableName, schema.ttlAttribute);
}
