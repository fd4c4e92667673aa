/**
 * Invitations: an account created by an agency admin (team) or a super admin (a new agency's
 * admin) starts with no usable password; a single-use link valid for 7 days lets its owner choose
 * one and signs them in.
 */
import { sendEmail } from '../email/send-email.ts';
import { ApiError } from '../http/errors.ts';
import type { Tenant } from '../tenancy/resolve-tenant.ts';
import { replacePassword } from './accounts.ts';
import { accountActor, auditAuth, type RequestFacts } from './auth-audit.ts';
import { emailLink, redeemLink } from './email-links.ts';
import { completeSignIn } from './login.ts';
import { issueOneTimeToken, TOKEN_LIFETIME_SECONDS } from './one-time-tokens.ts';
import { tenantOf } from './request-identity.ts';
import type { SessionTokens } from './sessions.ts';

export interface Invitation {
  /** The invited account's agency; `null` for a super admin. */
  agency_id: string | null;
  user_id: string;
  email: string;
  /** Who invites, as the email names them (e.g. the admin's display name). */
  inviter_name: string;
  /** The agency (or platform) the invitation is to, as the email names it. */
  agency_name: string;
  /**
   * `scheme://host` of the invited account's own host (their agency's, or the platform's for a
   * super admin): the link must open where the account can sign in. Within a request to that host,
   * `requestOrigin(event.headers)`.
   */
  origin: string;
}

/**
 * Issues an invitation token for the account (any earlier invitation link stops working) and
 * emails its link, `{origin}/accept-invitation?token=…`.
 */
export async function sendInvitation(invitation: Invitation): Promise<void> {
  const token = await issueOneTimeToken('invitation', {
    agency_id: invitation.agency_id,
    user_id: invitation.user_id,
  });
  const days = TOKEN_LIFETIME_SECONDS.invitation / 86_400;
  await sendEmail({
    to: invitation.email,
    subject: `${invitation.inviter_name} invited you to ${invitation.agency_name}`,
    paragraphs: [
      `${invitation.inviter_name} invited you (${invitation.email}) to join ${invitation.agency_name}.`,
      'To accept, choose your password here:',
      emailLink(invitation.origin, 'accept-invitation', token),
      `The link works once and expires in ${days} days.`,
    ],
  });
}

/**
 * Accepts the invitation `token` presented on `tenant`'s host: sets `password`, marks the email
 * verified and signs the user in. 422 for an invalid, used or expired link; 403 AUTH_006 when the
 * account was deactivated meanwhile.
 */
export async function completeInvitation(
  tenant: Tenant,
  token: string,
  password: string,
  request: RequestFacts,
): Promise<SessionTokens> {
  const account = await redeemLink('invitation', token, tenantOf(tenant));
  if (!account.is_active) throw new ApiError('AUTH_006');
  await replacePassword(account, password);
  await auditAuth({ action: 'invitation_accepted', actor: accountActor(account) }, request);
  return completeSignIn(account, request, 'invitation');
}
