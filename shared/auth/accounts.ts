/**
 * Accounts that can sign in: agency users (keyed by their agency) and platform super admins
 * (keyed by id alone). The two are separate entities with the same user attributes; this module
 * lets the auth flows treat them as one, choosing the entity by whether an agency is involved.
 */
import type { SuperAdminItem } from '../data/entities/super-admins.ts';
import type { UserItem } from '../data/entities/users.ts';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { normaliseEmail } from '../users/create-user.ts';
import type { AccessSubject } from './access-token.ts';
import { hashPassword } from './password.ts';
import type { RequestIdentity } from './request-identity.ts';

/** An agency user or a super admin, as stored; `role` tells which. */
export type Account = UserItem | SuperAdminItem;

/** Where an account lives: its agency (`null` for super admins) and its id. */
export interface AccountRef {
  agency_id: string | null;
  id: string;
}

/** The tenant a request is for, as the authorizer describes it. */
export type RequestTenant = RequestIdentity['tenant'];

/** The agency of an account, `null` for a super admin. */
export function agencyOf(account: Account): string | null {
  return account.role === 'super_admin' ? null : account.agency_id;
}

/** The key of an account. */
export function refOf(account: Account): AccountRef {
  return { agency_id: agencyOf(account), id: account.id };
}

/** True when the account belongs to `tenant`: its agency's host, or the platform host for staff. */
export function belongsTo(account: Account, tenant: RequestTenant): boolean {
  const agencyId = agencyOf(account);
  return tenant.kind === 'agency' ? agencyId === tenant.agency_id : agencyId === null;
}

/** The account with `email` on `tenant` (case-insensitive), or null. */
export async function findAccountByEmail(tenant: RequestTenant, email: string): Promise<Account | null> {
  const { user, superAdmin } = service().entities;
  const normalised = normaliseEmail(email);
  const { data } =
    tenant.kind === 'agency'
      ? await user.query.byEmail({ agency_id: tenant.agency_id, email: normalised }).go()
      : await superAdmin.query.byEmail({ email: normalised }).go();
  return data[0] ?? null;
}

/** The account at `ref` (strongly consistent), or null. */
export async function getAccount(ref: AccountRef): Promise<Account | null> {
  const { user, superAdmin } = service().entities;
  const { data } =
    ref.agency_id === null
      ? await superAdmin.get({ id: ref.id }).go({ consistent: true })
      : await user.get({ agency_id: ref.agency_id, id: ref.id }).go({ consistent: true });
  return data;
}

/**
 * An ElectroDB `patch` of the account at `ref` (fails if it no longer exists). Both entities share
 * the user attributes, so callers may set any of those.
 */
export function patchAccount(ref: AccountRef) {
  const { user, superAdmin } = service().entities;
  return ref.agency_id === null
    ? superAdmin.patch({ id: ref.id })
    : user.patch({ agency_id: ref.agency_id, id: ref.id });
}

/** The claims of an access token for `account` in session `sessionId`. */
export function accessSubject(account: Account, sessionId: string): AccessSubject {
  const common = { sub: account.id, email: account.email, session_id: sessionId };
  switch (account.role) {
    case 'super_admin':
      return { ...common, role: account.role, agency_id: null, client_id: null };
    case 'client':
      // A client user without a client would see nothing; refuse to mint such a token.
      if (!account.client_id) throw new Error(`Client user ${account.id} has no client_id`);
      return { ...common, role: account.role, agency_id: account.agency_id, client_id: account.client_id };
    default:
      return { ...common, role: account.role, agency_id: account.agency_id, client_id: null };
  }
}

/**
 * Sets a new password chosen through an emailed link (reset or invitation): the link proved the
 * user controls the mailbox, so the email counts as verified, and a lockout no longer applies.
 */
export async function replacePassword(account: Account, password: string): Promise<void> {
  const now = nowIso();
  await patchAccount(refOf(account))
    .set({
      password_hash: await hashPassword(password),
      password_changed_at: now,
      failed_login_attempts: 0,
      is_email_verified: true,
      email_verified_at: account.email_verified_at ?? now,
    })
    .remove(['locked_until'])
    .go();
}
