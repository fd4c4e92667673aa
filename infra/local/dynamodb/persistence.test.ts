import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from './ensure-table.ts';
import { startDynamoForTests } from './test-server.ts';

describe('createTableInput (offline)', () => {
  it('creates the schema table on demand, string keys, every GSI projecting ALL', () => {
    const input = createTableInput('t');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(input.AttributeDefinitions?.every((definition) => definition.AttributeType === 'S')).toBe(true);
    expect(input.AttributeDefinitions?.map((definition) => definition.AttributeName)).toContain('gsi3sk');
    expect(
      input.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.Projection?.ProjectionType]),
    ).toEqual([
      ['gsi1', 'ALL'],
      ['gsi2', 'ALL'],
      ['gsi3', 'ALL'],
    ]);
  });
});

describe('restart on the same data directory (connected)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'cs-dynamodb-restart-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('keeps every item and the TTL setting after close and reopen in the same process', async () => {
    const first = await startDynamoForTests({ dataDir });
    const TableName = first.tableName;
    await first.documents.send(new PutCommand({ TableName, Item: { pk: 'p#1', sk: 'a', name: 'plain' } }));
    await first.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName, Item: { pk: 'p#1', sk: 'b', name: 'transacted' } } },
          { Put: { TableName, Item: { pk: 'p#1', sk: 'c', ttl: Math.floor(Date.now() / 1000) + 3600 } } },
        ],
      }),
    );
    await first.close();

    // Reopening the same LevelDB directory only works if close() released it.
    const second = await startDynamoForTests({ dataDir });
    try {
      const read = async (sk: string) =>
        (await second.documents.send(new GetCommand({ TableName, Key: { pk: 'p#1', sk } }))).Item;
      expect(await read('a')).toMatchObject({ name: 'plain' });
      expect(await read('b')).toMatchObject({ name: 'transacted' });
      expect(await read('c')).toBeDefined();
      const { TimeToLiveDescription } = await second.client.send(
        new DescribeTimeToLiveCommand({ TableName }),
      );
      expect(TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED');
    } finally {
      await second.close();
    }
  });
});
