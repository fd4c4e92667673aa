import { describe, expect, it } from 'vitest';
import { NO_FAILURE, reasonFor, transactionCanceled } from './cancellation.ts';
import { ClientTokenCache } from './client-tokens.ts';
import { DynamoError, dynamoError, validationError } from './wire.ts';

const conditionFailed = () =>
  dynamoError('ConditionalCheckFailedException', 'The conditional request failed');
const oldItem = { pk: { S: 'a' }, sk: { S: 'b' }, count: { N: '5' } };

describe('cancellation reasons (offline)', () => {
  it('reports a failed condition, with the old item only when ALL_OLD was asked and it existed', () => {
    expect(reasonFor(conditionFailed(), oldItem, false)).toEqual({
      Code: 'ConditionalCheckFailed',
      Message: 'The conditional request failed',
    });
    expect(reasonFor(conditionFailed(), oldItem, true)).toEqual({
      Code: 'ConditionalCheckFailed',
      Message: 'The conditional request failed',
      Item: oldItem,
    });
    expect(reasonFor(conditionFailed(), undefined, true)).not.toHaveProperty('Item');
  });

  it('reports any other refusal as ValidationError with its message', () => {
    expect(reasonFor(validationError('Type mismatch'), undefined, false)).toEqual({
      Code: 'ValidationError',
      Message: 'Type mismatch',
    });
  });

  it('builds the TransactionCanceledException DynamoDB sends', () => {
    const error = transactionCanceled([NO_FAILURE, reasonFor(conditionFailed(), undefined, false)]);
    expect(error).toBeInstanceOf(DynamoError);
    expect(error.statusCode).toBe(400);
    expect(error.body).toEqual({
      __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
      Message:
        'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
      CancellationReasons: [
        { Code: 'None' },
        { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      ],
    });
  });
});

describe('ClientTokenCache (offline)', () => {
  it('replays a success for the same token and parameters, for 10 minutes', () => {
    let now = 0;
    const tokens = new ClientTokenCache(() => now);
    tokens.remember('t1', 'params', {});
    expect(tokens.replay('t1', 'params')).toEqual({});
    expect(tokens.replay('t2', 'params')).toBeUndefined();
    now = 10 * 60 * 1000;
    expect(tokens.replay('t1', 'params')).toBeUndefined();
  });

  it('refuses a token reused with other parameters', () => {
    const tokens = new ClientTokenCache();
    tokens.remember('t1', 'params', {});
    expect(() => tokens.replay('t1', 'other')).toThrow(
      expect.objectContaining({
        body: expect.objectContaining({
          __type: 'com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException',
        }),
      }),
    );
  });
});
