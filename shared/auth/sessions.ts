/**
 * Sessions as refresh-token families (PRD §5.3.2; DECISIONS.md: DynamoDB instead of Redis). Each
 * sign-in starts a family; each refresh replaces the family's one live token with a new one,
 * conditionally on the presented token still being the live one. Presenting a token that is no
 * longer live (an older one, or the loser of two concurrent refreshes) means a copy is in other
 * hands, so the whole family is revoked and its newest token stops working too.
 *
 * Access tokens carry the family id as `session_id`, so signing out names the family to revoke.
 */
import { createHash, randomUUID } from 'node:crypto';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { ApiError } from '../http/errors.ts';
import { type AccessClaims, issueAccessToken } from './access-token.ts';
import { type Account, accessSubject, agencyOf, getAccount, type RequestTenant } from './accounts.ts';
import { accountActor, auditAuth, principalActor, type RequestFacts } from './auth-audit.ts';
import type { IssuedToken } from './jwt.ts';
import { issueRefreshToken, type RefreshClaims, verifyRefreshToken } from './refresh-token.ts';
import type { UserPrincipal } from './request-identity.ts';

/** The tokens a sign-in or refresh hands out, and the account they are for. */
export interface SessionTokens {
  account: Account;
  access: IssuedToken<AccessClaims>;
  refresh: IssuedToken<RefreshClaims>;
}

interface FamilyKey {
  user_id: string;
  id: string;
}

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const isoFromEpoch = (seconds: number) => new Date(seconds * 1000).toISOString();

const sessionEnded = () =>
  new ApiError('AUTH_003', { message: 'This session has ended; please sign in again' });

function families() {
  return service().entities.refreshTokenFamily;
}

/** Starts a family for `account` (a sign-in) and issues its first tokens. */
export async function startSession(account: Account, request: RequestFacts): Promise<SessionTokens> {
  const sessionId = randomUUID();
  const refresh = await issueRefreshToken({ sub: account.id, session_id: sessionId });
  await families()
    .create({
      id: sessionId,
      user_id: account.id,
      agency_id: agencyOf(account) ?? undefined,
      current_token_hash: tokenHash(refresh.token),
      expires_at: isoFromEpoch(refresh.claims.exp),
      ip_address: request.ip_address,
      user_agent: request.user_agent,
    })
    .go();
  const access = await issueAccessToken(accessSubject(account, sessionId));
  return { account, access, refresh };
}

/** Marks one family revoked (a no-op when it has expired away). */
async function revokeFamily(key: FamilyKey): Promise<void> {
  try {
    await families().patch(key).set({ revoked: true, revoked_at: nowIso() }).go();
  } catch (error) {
    if (!isConditionalCheckFailure(error)) throw error;
  }
}

/**
 * Exchanges the refresh token `token`, presented on `tenant`'s host, for a new access token and a
 * new refresh token. Refuses (401) tokens that are invalid, expired, of an ended session or of
 * another tenant; revokes the family (401) when the token was already used; 403 AUTH_006 when
 * the account has been deactivated. The access token reflects the account as it is now (role).
 */
export async function rotateSession(
  token: string,
  tenant: RequestTenant,
  request: RequestFacts,
): Promise<SessionTokens> {
  const claims = await verifyRefreshToken(token);
  const key: FamilyKey = { user_id: claims.sub, id: claims.session_id };
  const now = nowIso();
  const { data: family } = await families().get(key).go({ consistent: true });
  if (!family || family.revoked || family.expires_at <= now) throw sessionEnded();

  const agencyId = family.agency_id ?? null;
  const tenantAgencyId = tenant.kind === 'agency' ? tenant.agency_id : null;
  if (agencyId !== tenantAgencyId)
    throw new ApiError('AUTH_003', { message: 'This token is not valid for this host' });

  const account = await getAccount({ agency_id: agencyId, id: family.user_id });
  if (!account) {
    await revokeFamily(key);
    throw sessionEnded();
  }
  if (!account.is_active) {
    await revokeFamily(key);
    throw new ApiError('AUTH_006');
  }

  const next = await issueRefreshToken({ sub: account.id, session_id: family.id });
  try {
    await families()
      .patch(key)
      .set({ current_token_hash: tokenHash(next.token), expires_at: isoFromEpoch(next.claims.exp) })
      .add({ generation: 1 })
      .where(
        ({ current_token_hash, revoked, expires_at }, { eq, gt }) =>
          `${eq(current_token_hash, tokenHash(token))} AND ${eq(revoked, false)} AND ${gt(expires_at, now)}`,
      )
      .go();
  } catch (error) {
    if (!isConditionalCheckFailure(error)) throw error;
    await revokeFamily(key);
    await auditAuth(
      {
        action: 'refresh_token_reuse',
        actor: accountActor(account),
        status: 'failure',
        metadata: { session_id: family.id, generation: family.generation },
      },
      request,
    );
    throw new ApiError('AUTH_003', {
      message: 'This refresh token was already used; the session has been ended for safety',
    });
  }
  const access = await issueAccessToken(accessSubject(account, family.id));
  return { account, access, refresh: next };
}

/** Signs `principal` out: ends the session its access token belongs to. */
export async function signOut(principal: UserPrincipal, request: RequestFacts): Promise<void> {
  await revokeFamily({ user_id: principal.sub, id: principal.session_id });
  await auditAuth(
    { action: 'logout', actor: principalActor(principal), metadata: { session_id: principal.session_id } },
    request,
  );
}

/**
 * Ends every session of user `userId` (password reset; call it too when an account is deactivated
 * or its role is removed). Access tokens already issued stay valid until they expire (15 min).
 */
export async function revokeAllSessions(userId: string): Promise<void> {
  const { data } = await families()
    .query.byUser({ user_id: userId })
    .go({ pages: 'all', attributes: ['user_id', 'id', 'revoked'] });
  await Promise.all(
    data.filter((family) => !family.revoked).map(({ user_id, id }) => revokeFamily({ user_id, id })),
  );
}
