/**
 * `TransactionCanceledException` exactly as DynamoDB sends it: one reason per action, in
 * request order, and a message listing their codes. The SDK turns this body into a
 * `TransactionCanceledException` with `.CancellationReasons`.
 */
import { DynamoError, type WireRecord } from './wire.ts';

export type CancellationReason =
  | { readonly Code: 'None' }
  | { readonly Code: 'ConditionalCheckFailed'; readonly Message: string; readonly Item?: WireRecord }
  | { readonly Code: 'ValidationError'; readonly Message: string };

export const NO_FAILURE: CancellationReason = { Code: 'None' };

const CONDITIONAL_CHECK_FAILED = 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException';

/**
 * The reason for an action that dynalite refused with `error`: a failed condition (with the
 * item as it was before the transaction when the action asked for `ALL_OLD` and it existed),
 * or any other data-dependent refusal (e.g. an update on a mistyped attribute).
 */
export function reasonFor(
  error: DynamoError,
  oldItem: WireRecord | undefined,
  returnOld: boolean,
): CancellationReason {
  if (error.body.__type === CONDITIONAL_CHECK_FAILED) {
    const Message = 'The conditional request failed';
    return returnOld && oldItem
      ? { Code: 'ConditionalCheckFailed', Message, Item: oldItem }
      : { Code: 'ConditionalCheckFailed', Message };
  }
  return { Code: 'ValidationError', Message: error.message };
}

/** The error answering a transaction whose actions did not all succeed. */
export function transactionCanceled(reasons: readonly CancellationReason[]): DynamoError {
  const codes = reasons.map((reason) => reason.Code).join(', ');
  return new DynamoError(400, {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`,
    CancellationReasons: reasons,
  });
}
