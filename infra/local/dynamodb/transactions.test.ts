import {
  type AttributeValue,
  GetItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactGetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DynamoForTests, startDynamoForTests } from './test-server.ts';

let dynamo: DynamoForTests;
let table: string;
let prefix: string;
let run = 0;

beforeAll(async () => {
  dynamo = await startDynamoForTests();
  table = dynamo.tableName;
});
afterAll(() => dynamo.close());
// Each test writes under its own partition, so tests never see each other's items.
beforeEach(() => {
  run += 1;
  prefix = `t${run}`;
});

const key = (id: string) => ({ pk: `${prefix}#${id}`, sk: 'item' });
const get = async (id: string) =>
  (await dynamo.documents.send(new GetCommand({ TableName: table, Key: key(id) }))).Item;
const put = (id: string, attributes: Record<string, unknown> = {}) =>
  dynamo.documents.send(new PutCommand({ TableName: table, Item: { ...key(id), ...attributes } }));

async function cancellation(send: Promise<unknown>): Promise<TransactionCanceledException> {
  const error = await send.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TransactionCanceledException);
  return error as TransactionCanceledException;
}

describe('TransactWriteItems (connected)', () => {
  it('writes nothing when one condition fails, and reports a reason per action', async () => {
    await put('existing', { name: 'before' });
    const error = await cancellation(
      dynamo.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: table, Item: { ...key('new'), name: 'new' } } },
            {
              Update: {
                TableName: table,
                Key: key('existing'),
                UpdateExpression: 'SET #name = :name',
                ConditionExpression: 'attribute_not_exists(pk)',
                ExpressionAttributeNames: { '#name': 'name' },
                ExpressionAttributeValues: { ':name': 'after' },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      ),
    );
    expect(error.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.CancellationReasons).toEqual([
      { Code: 'None' },
      {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        Item: { pk: { S: `${prefix}#existing` }, sk: { S: 'item' }, name: { S: 'before' } },
      },
    ]);
    expect(await get('new')).toBeUndefined();
    expect(await get('existing')).toEqual({ ...key('existing'), name: 'before' });
  });

  it('leaves out the old item when ALL_OLD was not asked for', async () => {
    await put('existing');
    const error = await cancellation(
      dynamo.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: table,
                Key: key('existing'),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      ),
    );
    expect(error.CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
    ]);
    expect(await get('existing')).toBeDefined();
  });

  it('applies every Put, Update and Delete of a successful transaction, GSIs included', async () => {
    await put('counter', { count: 1 });
    await put('doomed');
    await dynamo.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...key('created'), gsi1pk: `${prefix}#by-name`, gsi1sk: 'created' },
            },
          },
          {
            Update: {
              TableName: table,
              Key: key('counter'),
              UpdateExpression: 'ADD #count :one',
              ConditionExpression: '#count = :one',
              ExpressionAttributeNames: { '#count': 'count' },
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          { Delete: { TableName: table, Key: key('doomed'), ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
    expect(await get('created')).toBeDefined();
    expect(await get('counter')).toMatchObject({ count: 2 });
    expect(await get('doomed')).toBeUndefined();
    const byIndex = await dynamo.documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `${prefix}#by-name` },
      }),
    );
    expect(byIndex.Items).toHaveLength(1);
  });

  it('rolls back updates and deletes too, so the indexes match the restored items', async () => {
    await put('indexed', { gsi1pk: `${prefix}#index`, gsi1sk: 'a', count: 1 });
    await put('kept');
    await cancellation(
      dynamo.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: key('indexed'),
                UpdateExpression: 'SET gsi1pk = :moved, #count = #count + :one',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':moved': `${prefix}#elsewhere`, ':one': 1 },
              },
            },
            { Delete: { TableName: table, Key: key('kept') } },
            {
              ConditionCheck: {
                TableName: table,
                Key: key('absent'),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
          ],
        }),
      ),
    );
    expect(await get('indexed')).toMatchObject({ count: 1, gsi1pk: `${prefix}#index` });
    expect(await get('kept')).toBeDefined();
    const moved = await dynamo.documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `${prefix}#elsewhere` },
      }),
    );
    expect(moved.Items).toEqual([]);
  });

  it('ConditionCheck leaves its item unchanged, whether it passes or fails', async () => {
    await put('checked', { status: 'active' });
    const check = (status: string) => ({
      ConditionCheck: {
        TableName: table,
        Key: key('checked'),
        ConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
      },
    });
    await dynamo.documents.send(
      new TransactWriteCommand({
        TransactItems: [check('active'), { Put: { TableName: table, Item: key('a') } }],
      }),
    );
    expect(await get('checked')).toEqual({ ...key('checked'), status: 'active' });
    expect(await get('a')).toBeDefined();

    const error = await cancellation(
      dynamo.documents.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: table, Item: key('b') } }, check('gone')],
        }),
      ),
    );
    expect(error.CancellationReasons?.map((reason) => reason.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);
    expect(await get('checked')).toEqual({ ...key('checked'), status: 'active' });
    expect(await get('b')).toBeUndefined();
    // A ConditionCheck on an absent item must not create it.
    await cancellation(
      dynamo.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: table,
                Key: key('absent'),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
          ],
        }),
      ),
    );
    expect(await get('absent')).toBeUndefined();
  });

  it('refuses two actions on one item, and more than 100 actions, with ValidationException', async () => {
    const twice = dynamo.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: key('same') } },
          {
            ConditionCheck: {
              TableName: table,
              Key: key('same'),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    await expect(twice).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Transaction request cannot include multiple operations on one item',
    });
    const many = Array.from({ length: 101 }, (_, index) => ({
      Put: { TableName: table, Item: key(`many${index}`) },
    }));
    await expect(
      dynamo.documents.send(new TransactWriteCommand({ TransactItems: many })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect(await get('same')).toBeUndefined();
    expect(await get('many0')).toBeUndefined();
  });

  it('accepts 100 actions', async () => {
    const hundred = Array.from({ length: 100 }, (_, index) => ({
      Put: { TableName: table, Item: key(`n${index}`) },
    }));
    await dynamo.documents.send(new TransactWriteCommand({ TransactItems: hundred }));
    expect(await get('n99')).toBeDefined();
  });

  it('refuses a malformed action before writing anything, and an unknown table', async () => {
    const badExpression = dynamo.documents.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: table, Item: key('first') } },
          { Update: { TableName: table, Key: key('second'), UpdateExpression: 'SET = broken' } },
        ],
      }),
    );
    await expect(badExpression).rejects.toMatchObject({ name: 'ValidationException' });
    const noKey = dynamo.documents.send(
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table, Item: { pk: 'only-pk' } } }] }),
    );
    await expect(noKey).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'One or more parameter values were invalid: Missing the key sk in the item',
    });
    const unknownTable = dynamo.documents.send(
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'no-such-table', Item: key('x') } }] }),
    );
    await expect(unknownTable).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await get('first')).toBeUndefined();
  });

  it('never lets concurrent transactions push a conditional counter past its maximum', async () => {
    await put('agency', { activeClients: 0, maxSeats: 5 });
    // Every other attempt also fails a check after incrementing, so its rollback runs while
    // others commit: without serialisation, restoring its snapshot would lose their increments.
    const doomed = { TableName: table, Key: key('absent'), ConditionExpression: 'attribute_exists(pk)' };
    const attempts = Array.from({ length: 40 }, (_, index) =>
      dynamo.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: key('agency'),
                UpdateExpression: 'SET activeClients = activeClients + :one',
                ConditionExpression: 'activeClients < maxSeats',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            {
              Put: {
                TableName: table,
                Item: { ...key(`client${index}`), gsi1pk: `${prefix}#clients`, gsi1sk: `${index}` },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(index % 2 === 1 ? [{ ConditionCheck: doomed }] : []),
          ],
        }),
      ),
    );
    const outcomes = await Promise.allSettled(attempts);
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(succeeded).toHaveLength(5);
    for (const outcome of failed) expect(outcome.reason).toBeInstanceOf(TransactionCanceledException);
    expect(await get('agency')).toMatchObject({ activeClients: 5 });
    const clients = await dynamo.documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `${prefix}#clients` },
      }),
    );
    expect(clients.Items).toHaveLength(5);
  });

  it('never lets a reader see a transaction that is being rolled back', async () => {
    const raw = (id: string): Record<string, AttributeValue> => ({
      pk: { S: `${prefix}#${id}` },
      sk: { S: 'item' },
    });
    const failing: TransactWriteItemsCommandInput = {
      TransactItems: [
        { Put: { TableName: table, Item: raw('phantom') } },
        {
          ConditionCheck: {
            TableName: table,
            Key: raw('absent'),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
      ],
    };
    const writes = Array.from({ length: 10 }, () =>
      dynamo.client.send(new TransactWriteItemsCommand(failing)).catch(() => undefined),
    );
    const reads = Array.from({ length: 30 }, () =>
      dynamo.client.send(new GetItemCommand({ TableName: table, Key: raw('phantom') })),
    );
    const seen = await Promise.all(reads);
    await Promise.all(writes);
    expect(seen.filter((read) => read.Item !== undefined)).toEqual([]);
  });

  it('applies a retried call with the same ClientRequestToken only once', async () => {
    await put('tokened', { count: 0 });
    const input: TransactWriteItemsCommandInput = {
      ClientRequestToken: `${prefix}-token`,
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: { pk: { S: `${prefix}#tokened` }, sk: { S: 'item' } },
            UpdateExpression: 'ADD #count :one',
            ExpressionAttributeNames: { '#count': 'count' },
            ExpressionAttributeValues: { ':one': { N: '1' } },
          },
        },
      ],
    };
    await dynamo.client.send(new TransactWriteItemsCommand(input));
    await dynamo.client.send(new TransactWriteItemsCommand(input));
    expect(await get('tokened')).toMatchObject({ count: 1 });
  });
});

describe('TransactGetItems (connected)', () => {
  it('returns the items in request order, projected, with {} for an absent item', async () => {
    await put('one', { name: 'One', secret: 's' });
    await put('two', { name: 'Two' });
    const { Responses } = await dynamo.documents.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: table, Key: key('two') } },
          { Get: { TableName: table, Key: key('missing') } },
          {
            Get: {
              TableName: table,
              Key: key('one'),
              ProjectionExpression: '#name',
              ExpressionAttributeNames: { '#name': 'name' },
            },
          },
        ],
      }),
    );
    expect(Responses).toEqual([{ Item: { ...key('two'), name: 'Two' } }, {}, { Item: { name: 'One' } }]);
  });

  it('refuses two gets of one item', async () => {
    const twice = dynamo.documents.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: table, Key: key('x') } },
          { Get: { TableName: table, Key: key('x') } },
        ],
      }),
    );
    await expect(twice).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
