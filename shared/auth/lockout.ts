/**
 * Account lockout (PRD §5.2.3): after `MAX_LOGIN_ATTEMPTS` consecutive wrong passwords the
 * account refuses every sign-in, even with the right password, for `LOCKOUT_DURATION_MINUTES`.
 *
 * Counting is a conditional atomic `ADD` on the account, never read-then-write, so parallel
 * guesses cannot slip extra attempts past the limit: each guess lands one increment, the one that
 * reaches the limit locks the account, and increments attempted while it is locked are refused by
 * the condition. Locking restarts the count, so after the window the user has the full number of
 * attempts again; a successful sign-in clears it.
 */
import { addSeconds, nowIso } from '../data/time.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { type Account, type AccountRef, patchAccount } from './accounts.ts';

/** PRD §5.2.3 `MAX_LOGIN_ATTEMPTS`. */
export const MAX_LOGIN_ATTEMPTS = 5;
/** PRD §5.2.3 `LOCKOUT_DURATION_MINUTES`. */
export const LOCKOUT_DURATION_SECONDS = 15 * 60;

/** True while `account` is locked at `now`. */
export function isLocked(account: Pick<Account, 'locked_until'>, now = nowIso()): boolean {
  return account.locked_until !== undefined && account.locked_until > now;
}

/**
 * Counts one wrong password for the account at `ref`. Returns `locked: true` when the account is
 * locked now: by this attempt reaching the limit, or by a parallel one that got there first.
 */
export async function recordFailedLogin(ref: AccountRef, now = nowIso()): Promise<{ locked: boolean }> {
  let attempts: number;
  try {
    const { data } = await patchAccount(ref)
      .add({ failed_login_attempts: 1 })
      .where(
        ({ locked_until }, { notExists, lte }) => `${notExists(locked_until)} OR ${lte(locked_until, now)}`,
      )
      .go({ response: 'all_new' });
    attempts = data.failed_login_attempts;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return { locked: true };
    throw error;
  }
  if (attempts < MAX_LOGIN_ATTEMPTS) return { locked: false };
  try {
    // Only one of several attempts that passed the limit together sets the lock (and its time).
    await patchAccount(ref)
      .set({ locked_until: addSeconds(now, LOCKOUT_DURATION_SECONDS), failed_login_attempts: 0 })
      .where(({ failed_login_attempts }, { gte }) => gte(failed_login_attempts, MAX_LOGIN_ATTEMPTS))
      .go();
  } catch (error) {
    if (!isConditionalCheckFailure(error)) throw error;
  }
  return { locked: true };
}
