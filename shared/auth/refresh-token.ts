/**
 * Refresh tokens (PRD §5.2.2): 7 days, kept in an HttpOnly cookie, exchanged for a new access
 * token and a new refresh token on every use. `session_id` names the refresh-token family that
 * rotation keeps together and reuse detection revokes; `jti` names this one token of it.
 */
import { z } from 'zod';
import { type IssuedToken, issueToken, type TokenProfile, verifyToken } from './jwt.ts';
import { type SigningKeys, signingKeys } from './signing-key.ts';

/** PRD §5.2.3 `REFRESH_TOKEN_EXPIRE_DAYS`. */
export const REFRESH_TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

const id = z.string().min(1).max(128);
const RefreshClaimsSchema = z.object({
  sub: id,
  iat: z.int().nonnegative(),
  exp: z.int().nonnegative(),
  jti: id,
  type: z.literal('refresh'),
  session_id: id,
});

export type RefreshClaims = z.infer<typeof RefreshClaimsSchema>;

/** What the caller provides: the user and the family this token belongs to. */
export type RefreshSubject = Pick<RefreshClaims, 'sub' | 'session_id'>;

const REFRESH: TokenProfile<RefreshClaims> = {
  type: 'refresh',
  lifetimeSeconds: REFRESH_TOKEN_LIFETIME_SECONDS,
  schema: RefreshClaimsSchema,
};

/** Signs a refresh token of the family `subject.session_id`; store its `jti` to detect reuse. */
export function issueRefreshToken(
  subject: RefreshSubject,
  keys: SigningKeys = signingKeys(),
): Promise<IssuedToken<RefreshClaims>> {
  return issueToken(REFRESH, subject, keys);
}

/**
 * The claims of a valid refresh token (AUTH_002 when expired, AUTH_003 otherwise, including an
 * access token presented here). Whether its `jti` is still the family's live one is for the
 * caller to check against the stored family.
 */
export function verifyRefreshToken(token: string, keys: SigningKeys = signingKeys()): Promise<RefreshClaims> {
  return verifyToken(REFRESH, token, keys);
}
