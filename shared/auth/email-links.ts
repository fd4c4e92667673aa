/**
 * Links emailed to users (reset, invitation, verification): a dashboard page on the user's own
 * host carrying a single-use token as `token=`, and the redemption of such a token on the host it
 * was sent for.
 */
import { ApiError } from '../http/errors.ts';
import type { Tenant } from '../tenancy/resolve-tenant.ts';
import { type Account, belongsTo, getAccount, type RequestTenant } from './accounts.ts';
import { type OneTimeTokenPurpose, redeemOneTimeToken } from './one-time-tokens.ts';

/** Dashboard pages that accept an emailed token. */
export type LinkPage = 'reset-password' | 'accept-invitation' | 'verify-email';

/** `{origin}/{page}?token={token}`; `origin` is the user's host (see `requestOrigin`). */
export function emailLink(origin: string, page: LinkPage, token: string): string {
  const url = new URL(`/${page}`, origin);
  url.searchParams.set('token', token);
  return url.toString();
}

/** The name emails are signed with: the agency's (white label), or the product's on the platform host. */
export function senderName(tenant: Tenant): string {
  return tenant.kind === 'agency' ? tenant.agency.name : 'Content Strategist';
}

/** 422 VAL_001 on `token`: the answer for unknown, used, expired and foreign tokens alike. */
export function invalidLink(): ApiError {
  return new ApiError('VAL_001', {
    message: 'This link is invalid or has expired',
    details: [{ field: 'token', message: 'This link is invalid or has expired; please request a new one' }],
  });
}

/**
 * Redeems `token` for `purpose` on `tenant`'s host and returns its account. The token is used up
 * even when it turns out to belong to another tenant's account: links are only ever sent for the
 * owner's host, so such a request is not a user's mistake.
 */
export async function redeemLink(
  purpose: OneTimeTokenPurpose,
  token: string,
  tenant: RequestTenant,
): Promise<Account> {
  const owner = await redeemOneTimeToken(purpose, token);
  const account = owner && (await getAccount({ agency_id: owner.agency_id, id: owner.user_id }));
  if (!account || !belongsTo(account, tenant)) throw invalidLink();
  return account;
}
