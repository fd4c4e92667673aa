/**
 * Signing and verification shared by access and refresh tokens: compact JWS with HS256 only,
 * `kid` naming the secret version, `iss`/`aud` from configuration and a `type` claim that keeps
 * one kind of token from being accepted as the other. Every way a token can be wrong answers
 * 401 AUTH_003, except a genuine but expired token, which answers 401 AUTH_002.
 */
import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { SigningKeys } from './signing-key.ts';
import { CLOCK_TOLERANCE_SECONDS, TOKEN_ALGORITHM, tokenSettings } from './token-config.ts';

export type TokenType = 'access' | 'refresh';

/** The registered claims every token carries, as numbers of seconds and ids. */
export interface RegisteredClaims {
  readonly sub: string;
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
}

/** What kind of token, how long it lives and the shape of its claims. */
export interface TokenProfile<Claims extends JWTPayload> {
  readonly type: TokenType;
  readonly lifetimeSeconds: number;
  /** Validates a verified payload; only its output reaches callers. */
  readonly schema: z.ZodType<Claims>;
}

/** A signed token and the claims it carries (e.g. `jti` and `exp` to store with a session). */
export interface IssuedToken<Claims> {
  readonly token: string;
  readonly claims: Claims;
}

function invalidToken(cause?: unknown): ApiError {
  return new ApiError('AUTH_003', { cause });
}

/**
 * Adds `iat`, `exp` (iat + the profile's lifetime), `jti` and `type` to `claims`, validates the
 * whole set against the profile (a claim set the verifier would refuse is a bug here, not a
 * token to hand out) and signs it with the current key.
 */
export async function issueToken<Claims extends JWTPayload>(
  profile: TokenProfile<Claims>,
  claims: Record<string, unknown>,
  keys: SigningKeys,
): Promise<IssuedToken<Claims>> {
  const iat = Math.floor(Date.now() / 1000);
  const payload = profile.schema.parse({
    ...claims,
    iat,
    exp: iat + profile.lifetimeSeconds,
    jti: randomUUID(),
    type: profile.type,
  });
  const { issuer, audience } = tokenSettings();
  const { kid, key } = await keys.signingKey();
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT', kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .sign(key);
  return { token, claims: payload };
}

/**
 * Verifies `token` as a token of `profile` and returns its validated claims. The key is chosen
 * by `kid` among the versions still accepted, and only HS256 is allowed, so `alg: none`, public
 * key algorithms and HS384/HS512 are refused before any key is used. `iat` must not lie in the
 * future nor further back than the profile's lifetime.
 */
export async function verifyToken<Claims extends JWTPayload>(
  profile: TokenProfile<Claims>,
  token: string,
  keys: SigningKeys,
): Promise<Claims> {
  let kid: unknown;
  try {
    ({ kid } = decodeProtectedHeader(token));
  } catch (error) {
    throw invalidToken(error);
  }
  // Outside the try below: failing to read the keys is an outage (5xx), not a bad token.
  const key = typeof kid === 'string' ? await keys.verificationKey(kid) : undefined;
  if (!key) throw invalidToken();

  const { issuer, audience } = tokenSettings();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: [TOKEN_ALGORITHM],
      issuer,
      audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: profile.lifetimeSeconds,
      requiredClaims: ['sub', 'jti', 'iat', 'exp'],
    }));
  } catch (error) {
    // jose checks claims only after the signature, so an expired token here is a genuine one;
    // still, an expired token of the other type is the wrong token, not a stale right one.
    if (error instanceof errors.JWTExpired && error.payload.type === profile.type)
      throw new ApiError('AUTH_002', { cause: error });
    throw invalidToken(error);
  }
  if (payload.type !== profile.type) throw invalidToken();
  const claims = profile.schema.safeParse(payload);
  if (!claims.success) throw invalidToken(claims.error);
  return claims.data;
}
