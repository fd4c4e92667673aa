/**
 * A real `node:http` server on 127.0.0.1 (free port) serving only the local DynamoDB, with the
 * one table created, for connected tests here and in other folders.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { serveService, testClientConfig } from '../testing/serve-services.ts';
import { createDynamoDbService, DYNAMODB_MOUNT } from './dynamodb-service.ts';
import { ensureTable } from './ensure-table.ts';

export interface DynamoForTestsOptions {
  /** Reuse a data directory (e.g. to test a restart); by default a temporary one, removed on close. */
  readonly dataDir?: string;
  readonly ttlSweepIntervalMs?: number;
  readonly tableName?: string;
}

export interface DynamoForTests {
  /** What `AWS_ENDPOINT_URL_DYNAMODB` would be set to. */
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly dataDir: string;
  /** Stops client, server and service; removes the data directory if it was a temporary one. */
  close(): Promise<void>;
}

/** Starts the local DynamoDB on a free loopback port and creates the table (dummy credentials, us-east-1). */
export async function startDynamoForTests(options: DynamoForTestsOptions = {}): Promise<DynamoForTests> {
  const served = await serveService({
    dataDir: options.dataDir,
    tempPrefix: 'cs-dynamodb-',
    open: (serviceOptions) =>
      createDynamoDbService({ ...serviceOptions, ttlSweepIntervalMs: options.ttlSweepIntervalMs }),
  });
  const endpoint = `${served.origin}${DYNAMODB_MOUNT}`;
  const client = new DynamoDBClient(testClientConfig(endpoint));
  const tableName = options.tableName ?? 'content-strategist-test';
  await ensureTable(client, tableName);

  return {
    endpoint,
    client,
    documents: DynamoDBDocumentClient.from(client),
    tableName,
    dataDir: served.dataDir,
    async close() {
      client.destroy();
      await served.close();
    },
  };
}
