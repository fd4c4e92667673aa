/**
 * Issuing and redeeming the single-use tokens emailed to users (reset 1 h, verification 24 h,
 * invitation 7 days). The raw token exists only in the email; the table keeps its SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ONE_TIME_TOKEN_PURPOSES, OneTimeTokenItem } from '../data/entities/one-time-tokens.ts';
import { service } from '../data/service.ts';
import { addSeconds, nowIso } from '../data/time.ts';

export type OneTimeTokenPurpose = (typeof ONE_TIME_TOKEN_PURPOSES)[number];

/** How long each kind of link works. */
export const TOKEN_LIFETIME_SECONDS: Readonly<Record<OneTimeTokenPurpose, number>> = {
  password_reset: 60 * 60,
  email_verification: 24 * 60 * 60,
  invitation: 7 * 24 * 60 * 60,
};

/** Whose token it is: an agency user, or a platform user (`agency_id` null). */
export interface TokenOwner {
  agency_id: string | null;
  user_id: string;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function userKey(owner: TokenOwner): string {
  return `${owner.agency_id ?? 'platform'}/${owner.user_id}`;
}

/**
 * Issues a new token for `owner`, revoking any outstanding token of the same purpose (only the
 * newest link works). Returns the raw token for the email.
 */
export async function issueOneTimeToken(purpose: OneTimeTokenPurpose, owner: TokenOwner): Promise<string> {
  const entities = service().entities;
  const { data: older } = await entities.oneTimeToken.query
    .byUser({ user_key: userKey(owner), purpose })
    .go({ pages: 'all', attributes: ['token_hash'] });
  if (older.length > 0)
    await entities.oneTimeToken.delete(older.map(({ token_hash }) => ({ token_hash }))).go();

  const token = randomBytes(32).toString('base64url');
  await entities.oneTimeToken
    .create({
      token_hash: hashToken(token),
      purpose,
      user_key: userKey(owner),
      agency_id: owner.agency_id ?? undefined,
      user_id: owner.user_id,
      expires_at: addSeconds(nowIso(), TOKEN_LIFETIME_SECONDS[purpose]),
    })
    .go();
  return token;
}

/**
 * Redeems `token` for `purpose`: deletes it (conditionally, so only one caller can win) and
 * returns its owner, or `null` when the token is unknown, already used, of another purpose or
 * expired.
 */
export async function redeemOneTimeToken(
  purpose: OneTimeTokenPurpose,
  token: string,
): Promise<TokenOwner | null> {
  const entities = service().entities;
  let removed: OneTimeTokenItem | null;
  try {
    const result = await entities.oneTimeToken
      .delete({ token_hash: hashToken(token) })
      .where((attributes, { eq }) => eq(attributes.purpose, purpose))
      .go({ response: 'all_old' });
    removed = result.data;
  } catch (error) {
    if (error instanceof Error && /conditional request failed/i.test(error.message)) return null;
    throw error;
  }
  if (!removed || removed.expires_at <= nowIso()) return null;
  return { agency_id: removed.agency_id ?? null, user_id: removed.user_id };
}
