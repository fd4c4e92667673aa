/**
 * Sign-in with email and password (PRD §5.3.1) on the tenant the host names: agency users on
 * their agency's host, super admins on the bare platform host.
 *
 * What a caller can learn is limited on purpose: a wrong password and an unknown email give the
 * same 401 AUTH_001 after the same KDF work; "inactive" (403 AUTH_006) is only told to someone who
 * knows the password. A locked account answers 403 AUTH_005 to every password until the lock ends,
 * so guessing on is pointless.
 */
import { randomBytes } from 'node:crypto';
import { nowIso } from '../data/time.ts';
import { ApiError } from '../http/errors.ts';
import { type Account, findAccountByEmail, patchAccount, type RequestTenant, refOf } from './accounts.ts';
import { accountActor, auditAuth, type RequestFacts } from './auth-audit.ts';
import { isLocked, recordFailedLogin } from './lockout.ts';
import { hashPassword, UNUSABLE_PASSWORD_HASH, verifyPassword } from './password.ts';
import { type SessionTokens, startSession } from './sessions.ts';

export interface Credentials {
  email: string;
  password: string;
}

/**
 * An argon2id hash of a random secret nobody knows, made with the same parameters as real hashes
 * so that verifying against it costs the same. Started when the module loads (Lambda init), so
 * even the first sign-in of a container does not pay for making it.
 */
const hashOfNobody = hashPassword(randomBytes(32).toString('base64url'));

/**
 * Runs the KDF whatever the account, so the response time does not tell whether the email exists
 * or has a password yet (invited accounts hold the unusable hash, which would verify instantly).
 */
async function passwordMatches(password: string, account: Account | null): Promise<boolean> {
  const usable = account !== null && account.password_hash !== UNUSABLE_PASSWORD_HASH;
  const matches = await verifyPassword(password, usable ? account.password_hash : await hashOfNobody);
  return usable && matches;
}

/**
 * Completes a sign-in of `account` (by password or an accepted invitation): clears the failed
 * attempts and any lock, records when and from where, starts a session and audits it.
 */
export async function completeSignIn(
  account: Account,
  request: RequestFacts,
  method: 'password' | 'invitation',
): Promise<SessionTokens> {
  await patchAccount(refOf(account))
    .set({
      failed_login_attempts: 0,
      last_login_at: nowIso(),
      last_login_ip: request.ip_address,
      ...(request.user_agent ? { last_login_user_agent: request.user_agent } : {}),
    })
    .remove(['locked_until'])
    .go();
  const session = await startSession(account, request);
  await auditAuth(
    {
      action: 'login',
      actor: accountActor(account),
      metadata: { method, session_id: session.access.claims.session_id },
    },
    request,
  );
  return session;
}

/**
 * Signs `credentials` in on `tenant`. Throws 401 AUTH_001 (unknown email or wrong password),
 * 403 AUTH_005 (locked, including by this attempt) or 403 AUTH_006 (inactive account).
 */
export async function signIn(
  tenant: RequestTenant,
  credentials: Credentials,
  request: RequestFacts,
): Promise<SessionTokens> {
  const account = await findAccountByEmail(tenant, credentials.email);
  const refuse = async (reason: string, code: 'AUTH_001' | 'AUTH_005' | 'AUTH_006'): Promise<never> => {
    const actor = account
      ? accountActor(account)
      : { agency_id: tenant.kind === 'agency' ? tenant.agency_id : null, email: credentials.email };
    await auditAuth({ action: 'login_failed', status: 'failure', actor, metadata: { reason } }, request);
    throw new ApiError(code);
  };

  if (account && isLocked(account)) return refuse('locked', 'AUTH_005');
  const matches = await passwordMatches(credentials.password, account);
  if (!account) return refuse('unknown_email', 'AUTH_001');
  if (!matches) {
    const { locked } = await recordFailedLogin(refOf(account));
    return locked ? refuse('wrong_password_locked', 'AUTH_005') : refuse('wrong_password', 'AUTH_001');
  }
  if (!account.is_active) return refuse('inactive', 'AUTH_006');
  return completeSignIn(account, request, 'password');
}
