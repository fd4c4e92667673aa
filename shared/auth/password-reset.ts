/**
 * Forgotten passwords (PRD §6.2): a single-use link valid for one hour, emailed to the account's
 * address on the host the request came to; the reset itself ends every session of the account.
 */
import { sendEmail } from '../email/send-email.ts';
import { ApiError } from '../http/errors.ts';
import type { Tenant } from '../tenancy/resolve-tenant.ts';
import { agencyOf, findAccountByEmail, replacePassword } from './accounts.ts';
import { accountActor, auditAuth, type RequestFacts } from './auth-audit.ts';
import { emailLink, redeemLink, senderName } from './email-links.ts';
import { issueOneTimeToken, TOKEN_LIFETIME_SECONDS } from './one-time-tokens.ts';
import { tenantOf } from './request-identity.ts';
import { revokeAllSessions } from './sessions.ts';

/** The one answer to every reset request, whether or not the email belongs to an account. */
export const RESET_REQUESTED_MESSAGE = 'If an account exists, a reset email has been sent';

/**
 * Emails a reset link when `email` is an active account of `tenant`; does nothing otherwise, and
 * the caller answers the same either way. `origin` is the request's own (links stay on the host
 * that names the tenant).
 */
export async function requestPasswordReset(tenant: Tenant, email: string, origin: string): Promise<void> {
  const account = await findAccountByEmail(tenantOf(tenant), email);
  if (!account?.is_active) return;
  const token = await issueOneTimeToken('password_reset', {
    agency_id: agencyOf(account),
    user_id: account.id,
  });
  const minutes = TOKEN_LIFETIME_SECONDS.password_reset / 60;
  await sendEmail({
    to: account.email,
    subject: `Reset your ${senderName(tenant)} password`,
    paragraphs: [
      `Someone asked to reset the password of your ${senderName(tenant)} account (${account.email}).`,
      'To choose a new password, open this link:',
      emailLink(origin, 'reset-password', token),
      `The link works once and expires in ${minutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.`,
    ],
  });
}

/**
 * Sets `password` for the account whose reset `token` is presented on `tenant`'s host: the token
 * is used up, every session ends, any lockout is cleared. 422 for an invalid, used or expired
 * link; 403 AUTH_006 when the account was deactivated after the link was sent.
 */
export async function completePasswordReset(
  tenant: Tenant,
  token: string,
  password: string,
  request: RequestFacts,
): Promise<void> {
  const account = await redeemLink('password_reset', token, tenantOf(tenant));
  if (!account.is_active) throw new ApiError('AUTH_006');
  await replacePassword(account, password);
  await revokeAllSessions(account.id);
  await auditAuth({ action: 'password_reset', actor: accountActor(account) }, request);
}
