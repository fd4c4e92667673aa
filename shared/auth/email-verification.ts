/**
 * Email verification: a single-use link valid for 24 hours proves the user reads the address the
 * account is registered with. Invitations and password resets verify the address on the way
 * (their links were emailed too); this flow covers the rest.
 */

import { nowIso } from '../data/time.ts';
import { sendEmail } from '../email/send-email.ts';
import { ApiError } from '../http/errors.ts';
import type { Tenant } from '../tenancy/resolve-tenant.ts';
import { agencyOf, getAccount, patchAccount, refOf } from './accounts.ts';
import { emailLink, redeemLink, senderName } from './email-links.ts';
import { issueOneTimeToken, TOKEN_LIFETIME_SECONDS } from './one-time-tokens.ts';
import { tenantOf, type UserPrincipal } from './request-identity.ts';

/**
 * Emails a new verification link to the signed-in `principal` (older links stop working). Returns
 * false, sending nothing, when the address is already verified.
 */
export async function resendEmailVerification(
  principal: UserPrincipal,
  tenant: Tenant,
  origin: string,
): Promise<boolean> {
  const account = await getAccount({ agency_id: principal.agency_id, id: principal.sub });
  if (!account) throw new ApiError('AUTH_003', { message: 'This account no longer exists' });
  if (account.is_email_verified) return false;
  const token = await issueOneTimeToken('email_verification', {
    agency_id: agencyOf(account),
    user_id: account.id,
  });
  const hours = TOKEN_LIFETIME_SECONDS.email_verification / 3600;
  await sendEmail({
    to: account.email,
    subject: `Verify your email for ${senderName(tenant)}`,
    paragraphs: [
      `Please confirm that ${account.email} is your address for your ${senderName(tenant)} account.`,
      emailLink(origin, 'verify-email', token),
      `The link works once and expires in ${hours} hours.`,
    ],
  });
  await patchAccount(refOf(account)).set({ email_verification_sent_at: nowIso() }).go();
  return true;
}

/** Marks the address of the account whose verification `token` is presented on `tenant`'s host verified. */
export async function completeEmailVerification(tenant: Tenant, token: string): Promise<void> {
  const account = await redeemLink('email_verification', token, tenantOf(tenant));
  if (account.is_email_verified) return;
  await patchAccount(refOf(account)).set({ is_email_verified: true, email_verified_at: nowIso() }).go();
}
