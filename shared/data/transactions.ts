/**
 * Turns a cancelled ElectroDB write transaction into the API error its first failed condition
 * stands for. Each transaction item is paired with the error its condition failing means (or
 * null when it cannot fail on purpose), in the same order as the items.
 */
import { ApiError } from '../http/errors.ts';

interface TransactionOutcome {
  canceled: boolean;
  data: ReadonlyArray<{ code?: string; rejected?: boolean }>;
}

/** Throws the error of the first item whose condition failed; any other cancellation is SYS_001. */
export function assertCommitted(outcome: TransactionOutcome, errors: ReadonlyArray<ApiError | null>): void {
  if (!outcome.canceled) return;
  const failed = outcome.data.findIndex((item) => item.code === 'ConditionalCheckFailed');
  const error = failed >= 0 ? errors[failed] : undefined;
  throw error ?? new ApiError('SYS_001', { message: 'The change could not be saved; please retry' });
}

/**
 * True when `error` is a single write's failed condition (DynamoDB's
 * `ConditionalCheckFailedException`, which ElectroDB wraps as the `cause`): the expected outcome
 * of losing a race, not an outage.
 */
export function isConditionalCheckFailure(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.name === 'ConditionalCheckFailedException') return true;
  }
  return false;
}
