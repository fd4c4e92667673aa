import { randomUUID } from 'node:crypto';
import { bumpCounter } from '../admin/platform-counters.ts';
import { hashPassword, UNUSABLE_PASSWORD_HASH } from '../auth/password.ts';
import type { AGENCY_ROLES, UserItem } from '../data/entities/users.ts';
import { claimUnique } from '../data/invariants.ts';
import { service } from '../data/service.ts';
import { assertCommitted } from '../data/transactions.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { addActiveAdmin } from '../team/active-admins.ts';

export interface NewUser {
  email: string;
  /** Absent for invited users: no password works until they accept the invitation and set one. */
  password?: string;
  first_name?: string;
  last_name?: string;
  job_title?: string;
  is_email_verified?: boolean;
}

export interface NewAgencyUser extends NewUser {
  agency_id: string;
  role: (typeof AGENCY_ROLES)[number];
  /** Required for the `client` role, absent otherwise. */
  client_id?: string;
}

const emailTaken = (email: string) =>
  new ApiError('VAL_004', { message: `The email ${email} is already registered` });

/** Emails are compared case-insensitively and stored trimmed and lowercased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function userFields(input: NewUser) {
  return {
    id: randomUUID(),
    email: normaliseEmail(input.email),
    password_hash: input.password === undefined ? UNUSABLE_PASSWORD_HASH : await hashPassword(input.password),
    first_name: input.first_name,
    last_name: input.last_name,
    job_title: input.job_title,
    is_email_verified: input.is_email_verified ?? false,
  };
}

/**
 * Creates a user of an agency, claiming the email within that agency in the same transaction
 * (409 VAL_004 when taken). A client user must name an active client of the same agency (checked
 * in the transaction: 404 RES_001 otherwise); other roles must not name one. The platform user
 * counter and, for an admin, the agency's active-admin counter move in the same transaction.
 */
export async function createAgencyUser(input: NewAgencyUser): Promise<UserItem> {
  if ((input.role === 'client') !== (input.client_id !== undefined)) {
    throw new ApiError('VAL_001', {
      details: [
        { field: 'client_id', message: 'A client user needs a client_id; other roles must not have one' },
      ],
    });
  }
  const item = {
    ...(await userFields(input)),
    agency_id: input.agency_id,
    role: input.role,
    client_id: input.client_id,
  };
  const isAdmin = item.role === 'agency_admin';
  const clientId = item.client_id;
  const outcome = await service()
    .transaction.write((tx) => [
      tx.user.create(item).commit(),
      claimUnique(tx, { namespace: 'user_email', agency_id: item.agency_id, value: item.email }, item.id),
      bumpCounter(tx, 'users', { total: 1, active: 1 }),
      ...(isAdmin ? [addActiveAdmin(tx, item.agency_id)] : []),
      ...(clientId === undefined
        ? []
        : [
            tx.client
              .check({ agency_id: item.agency_id, id: clientId })
              .where(({ is_active }, { eq }) => eq(is_active, true))
              .commit(),
          ]),
    ])
    .go();
  assertCommitted(outcome, [
    null,
    emailTaken(item.email),
    null,
    ...(isAdmin ? [null] : []),
    ...(clientId === undefined ? [] : [notFound('Client')]),
  ]);
  const { data } = await service()
    .entities.user.get({ agency_id: item.agency_id, id: item.id })
    .go({ consistent: true });
  if (!data) throw new ApiError('SYS_001');
  return data;
}

/**
 * Creates a platform super admin, claiming the email platform-wide and counting the super admin in
 * the same transaction.
 */
export async function createSuperAdmin(input: NewUser): Promise<void> {
  const item = await userFields(input);
  const outcome = await service()
    .transaction.write((tx) => [
      tx.superAdmin.create(item).commit(),
      claimUnique(tx, { namespace: 'super_admin_email', value: item.email }, item.id),
      bumpCounter(tx, 'super_admins', { total: 1, active: 1 }),
    ])
    .go();
  assertCommitted(outcome, [null, emailTaken(item.email), null]);
}
