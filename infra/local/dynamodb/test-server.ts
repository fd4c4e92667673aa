/**
 * A real `node:http` server on 127.0.0.1 (free port) serving only the local DynamoDB, with the
 * one table created, for connected tests here and in other folders.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cs-dynamodb-')));
  const service = await createDynamoDbService({
    dataDir,
    origin: 'http://127.0.0.1',
    ttlSweepIntervalMs: options.ttlSweepIntervalMs,
  });
  const server = createServer((req, res) => {
    void Promise.resolve(service.handle?.(req, res) ?? false).then((taken) => {
      if (!taken) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}${DYNAMODB_MOUNT}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // A failure must show in the test, not be hidden by retries.
    maxAttempts: 1,
  });
  const tableName = options.tableName ?? 'content-strategist-test';
  await ensureTable(client, tableName);

  return {
    endpoint,
    client,
    documents: DynamoDBDocumentClient.from(client),
    tableName,
    dataDir,
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await service.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
