/**
 * Access tokens (PRD §5.2.1): 15 minutes, sent as `Authorization: Bearer`, carrying who the
 * caller is (user, role, agency, client, email) and which session issued them, so a request is
 * authorised without a database read. The role/agency/client combinations are those the user
 * table allows (PRD §4.2.3): platform staff have neither agency nor client, agency staff an
 * agency only, client users both.
 */
import { z } from 'zod';
import { type IssuedToken, issueToken, type TokenProfile, verifyToken } from './jwt.ts';
import { type SigningKeys, signingKeys } from './signing-key.ts';

/** PRD §5.2.3 `ACCESS_TOKEN_EXPIRE_MINUTES`. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 15 * 60;

const id = z.string().min(1).max(128);
const common = {
  sub: id,
  iat: z.int().nonnegative(),
  exp: z.int().nonnegative(),
  jti: id,
  type: z.literal('access'),
  email: z.string().min(1).max(320),
  session_id: id,
};

const AccessClaimsSchema = z.discriminatedUnion('role', [
  z.object({ ...common, role: z.literal('super_admin'), agency_id: z.null(), client_id: z.null() }),
  z.object({
    ...common,
    role: z.enum(['agency_admin', 'agency_member']),
    agency_id: id,
    client_id: z.null(),
  }),
  z.object({ ...common, role: z.literal('client'), agency_id: id, client_id: id }),
]);

/** The verified claims of an access token; narrowing on `role` tells which ids are set. */
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

/** `Omit` applied to each member of a union, so the role/ids pairing survives. */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What the caller provides; `iat`, `exp`, `jti` and `type` are added when the token is issued. */
export type AccessSubject = OmitEach<AccessClaims, 'iat' | 'exp' | 'jti' | 'type'>;

const ACCESS: TokenProfile<AccessClaims> = {
  type: 'access',
  lifetimeSeconds: ACCESS_TOKEN_LIFETIME_SECONDS,
  schema: AccessClaimsSchema,
};

/** Signs an access token for `subject` with the current key. */
export function issueAccessToken(
  subject: AccessSubject,
  keys: SigningKeys = signingKeys(),
): Promise<IssuedToken<AccessClaims>> {
  return issueToken(ACCESS, subject, keys);
}

/**
 * The claims of a valid access token. Throws `ApiError` AUTH_002 when it has expired and
 * AUTH_003 for anything else: bad signature or key, another algorithm, a refresh token, wrong
 * issuer or audience, missing or malformed claims.
 */
export function verifyAccessToken(token: string, keys: SigningKeys = signingKeys()): Promise<AccessClaims> {
  return verifyToken(ACCESS, token, keys);
}
