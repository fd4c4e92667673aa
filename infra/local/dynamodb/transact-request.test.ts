import { describe, expect, it } from 'vitest';
import {
  assertDistinctItems,
  MAX_TRANSACTION_ACTIONS,
  parseTransactGet,
  parseTransactWrite,
} from './transact-request.ts';
import { DynamoError } from './wire.ts';

const put = { Put: { TableName: 't', Item: { pk: { S: 'a' }, sk: { S: 'b' } } } };

function validationMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DynamoError);
    const { body, statusCode } = error as DynamoError;
    expect(statusCode).toBe(400);
    expect(body.__type).toBe('com.amazon.coral.validate#ValidationException');
    return String(body.message);
  }
  throw new Error('expected a ValidationException');
}

describe('parseTransactWrite (offline)', () => {
  it('returns the actions in order with their kind and ALL_OLD flag', () => {
    const parsed = parseTransactWrite({
      ClientRequestToken: 'token-1',
      TransactItems: [
        put,
        {
          ConditionCheck: {
            TableName: 't',
            Key: {},
            ConditionExpression: 'x',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { Update: { TableName: 't', Key: {}, UpdateExpression: 'SET a = :a' } },
        { Delete: { TableName: 't', Key: {} } },
      ],
    });
    expect(parsed.clientRequestToken).toBe('token-1');
    expect(parsed.actions.map((action) => [action.kind, action.returnOldOnFailure])).toEqual([
      ['Put', false],
      ['ConditionCheck', true],
      ['Update', false],
      ['Delete', false],
    ]);
  });

  it('accepts 100 actions and refuses 0 or 101', () => {
    const items = (count: number) => ({ TransactItems: Array.from({ length: count }, () => put) });
    expect(parseTransactWrite(items(MAX_TRANSACTION_ACTIONS)).actions).toHaveLength(100);
    expect(validationMessage(() => parseTransactWrite(items(101)))).toContain(
      'Member must have length less than or equal to 100',
    );
    expect(validationMessage(() => parseTransactWrite(items(0)))).toContain(
      'Member must have length greater than or equal to 1',
    );
    expect(validationMessage(() => parseTransactWrite({}))).toContain("at 'transactItems'");
  });

  it('refuses an action with several operations or none', () => {
    expect(
      validationMessage(() => parseTransactWrite({ TransactItems: [{ ...put, Delete: { Key: {} } }] })),
    ).toBe('TransactItems can only contain one of Check, Put, Update or Delete');
    expect(validationMessage(() => parseTransactWrite({ TransactItems: [{}] }))).toContain('should contain');
  });

  it('requires the expression of a ConditionCheck and an Update', () => {
    expect(
      validationMessage(() =>
        parseTransactWrite({ TransactItems: [put, { ConditionCheck: { TableName: 't', Key: {} } }] }),
      ),
    ).toContain("'transactItems.2.member.conditionCheck.conditionExpression'");
    expect(
      validationMessage(() =>
        parseTransactWrite({ TransactItems: [{ Update: { TableName: 't', Key: {} } }] }),
      ),
    ).toContain('update.updateExpression');
  });

  it('refuses an unknown ReturnValuesOnConditionCheckFailure', () => {
    const bad = { Put: { ...put.Put, ReturnValuesOnConditionCheckFailure: 'ALL_NEW' } };
    expect(validationMessage(() => parseTransactWrite({ TransactItems: [bad] }))).toContain(
      '[ALL_OLD, NONE]',
    );
  });

  it('answers malformed JSON shapes with SerializationException', () => {
    expect(() => parseTransactWrite({ TransactItems: 'x' })).toThrow(DynamoError);
    expect(() => parseTransactWrite({ TransactItems: [{ Put: 'x' }] })).toThrow(
      expect.objectContaining({ body: { __type: 'com.amazon.coral.service#SerializationException' } }),
    );
  });
});

describe('parseTransactGet (offline)', () => {
  it('returns each Get in order and requires one per item', () => {
    const gets = parseTransactGet({
      TransactItems: [{ Get: { TableName: 'a' } }, { Get: { TableName: 'b' } }],
    });
    expect(gets).toEqual([{ TableName: 'a' }, { TableName: 'b' }]);
    expect(validationMessage(() => parseTransactGet({ TransactItems: [{}] }))).toContain(
      'transactItems.1.member.get',
    );
  });
});

describe('assertDistinctItems (offline)', () => {
  it('refuses two actions on one item', () => {
    expect(() => assertDistinctItems(['t\u0000a', 't\u0000b', 'u\u0000a'])).not.toThrow();
    expect(validationMessage(() => assertDistinctItems(['t\u0000a', 't\u0000a']))).toBe(
      'Transaction request cannot include multiple operations on one item',
    );
  });
});
