import { DescribeTimeToLiveCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DynamoForTests, startDynamoForTests } from './test-server.ts';

let dynamo: DynamoForTests;

beforeAll(async () => {
  dynamo = await startDynamoForTests({ ttlSweepIntervalMs: 25 });
});
afterAll(() => dynamo.close());

const nowSeconds = () => Math.floor(Date.now() / 1000);
const key = (id: string) => ({ pk: `ttl#${id}`, sk: 'item' });
const get = async (id: string) =>
  (await dynamo.documents.send(new GetCommand({ TableName: dynamo.tableName, Key: key(id) }))).Item;

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('TTL (connected)', () => {
  it('reports TTL enabled on the schema attribute (ensureTable turned it on)', async () => {
    const { TimeToLiveDescription } = await dynamo.client.send(
      new DescribeTimeToLiveCommand({ TableName: dynamo.tableName }),
    );
    expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
  });

  it('refuses to enable TTL twice, like DynamoDB', async () => {
    const again = dynamo.client.send(
      new UpdateTimeToLiveCommand({
        TableName: dynamo.tableName,
        TimeToLiveSpecification: { Enabled: true, AttributeName: 'ttl' },
      }),
    );
    await expect(again).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'TimeToLive is already enabled',
    });
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    await expect(
      dynamo.client.send(new DescribeTimeToLiveCommand({ TableName: 'no-such-table' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('deletes items whose TTL has passed, from the table and its indexes, and keeps the others', async () => {
    const put = (id: string, attributes: Record<string, unknown>) =>
      dynamo.documents.send(
        new PutCommand({ TableName: dynamo.tableName, Item: { ...key(id), ...attributes } }),
      );
    await put('expired', { ttl: nowSeconds() - 60, gsi1pk: 'ttl#index', gsi1sk: 'expired' });
    await put('future', { ttl: nowSeconds() + 3600 });
    await put('no-ttl', {});
    // DynamoDB only expires numbers; a string is ignored.
    await put('string-ttl', { ttl: String(nowSeconds() - 60) });

    await eventually(async () => (await get('expired')) === undefined);
    const indexed = await dynamo.documents.send(
      new QueryCommand({
        TableName: dynamo.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'ttl#index' },
      }),
    );
    expect(indexed.Items).toEqual([]);
    expect(await get('future')).toBeDefined();
    expect(await get('no-ttl')).toBeDefined();
    expect(await get('string-ttl')).toBeDefined();
  });
});
