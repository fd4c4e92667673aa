/**
 * What the connected tests look up in the demo seed (`shared/seed/demo.ts`) straight from the
 * table, and access tokens minted for its users without signing in.
 */
import { randomUUID } from 'node:crypto';
import { type AccessSubject, issueAccessToken } from '../../shared/auth/access-token.ts';
import type { AgencyItem } from '../../shared/data/entities/agencies.ts';
import type { UserItem } from '../../shared/data/entities/users.ts';
import { service } from '../../shared/data/service.ts';

/** The seeded agencies every connected test file works with. */
export const SEEDED_AGENCIES = ['demo', 'acme'] as const;

/** The agency with host `slug`, read consistently (fails when there is none). */
export async function agencyBySlug(slug: string): Promise<AgencyItem> {
  const { data } = await service().entities.agency.query.bySlug({ slug }).go();
  const found = data[0];
  if (!found) throw new Error(`no agency ${slug}`);
  return (await service().entities.agency.get({ id: found.id }).go({ consistent: true })).data as AgencyItem;
}

/** The ids of the agencies with these hosts, by slug. */
export async function agencyIdsBySlug(
  slugs: readonly string[] = SEEDED_AGENCIES,
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const slug of slugs) ids[slug] = (await agencyBySlug(slug)).id;
  return ids;
}

/** Every user of an agency. */
export async function usersOf(agencyId: string): Promise<UserItem[]> {
  return (await service().entities.user.query.byId({ agency_id: agencyId }).go({ pages: 'all' })).data;
}

/** The first of `users` with `role` (fails when there is none). */
export function userWithRole(users: UserItem[], role: UserItem['role']): UserItem {
  const user = users.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`no ${role} among ${users.map((item) => item.email).join(', ')}`);
  return user;
}

/** A fresh access token (own session id) for `user`, as signing in would issue it. */
export async function tokenFor(user: UserItem): Promise<string> {
  const subject = {
    sub: user.id,
    role: user.role,
    agency_id: user.agency_id,
    client_id: user.client_id ?? null,
    email: user.email,
    session_id: randomUUID(),
  } as AccessSubject;
  return (await issueAccessToken(subject)).token;
}

/** An access token for the first user with `role` in the agency `agencyId`. */
export async function tokenForRole(agencyId: string, role: UserItem['role']): Promise<string> {
  return tokenFor(userWithRole(await usersOf(agencyId), role));
}

/** A fresh access token for the seeded super admin (platform host only). */
export async function superAdminToken(): Promise<string> {
  const superAdmin = (await service().entities.superAdmin.query.byEmail({}).go()).data[0];
  if (!superAdmin) throw new Error('no super admin');
  const subject = {
    sub: superAdmin.id,
    role: 'super_admin',
    agency_id: null,
    client_id: null,
    email: superAdmin.email,
    session_id: randomUUID(),
  } as const;
  return (await issueAccessToken(subject)).token;
}

/** An agency's id, its admin's id, and fresh tokens of its admin and of its member. */
export interface AgencyStaff {
  id: string;
  adminId: string;
  admin: string;
  member: string;
}

export async function agencyStaff(slug: string): Promise<AgencyStaff> {
  const agency = await agencyBySlug(slug);
  const users = await usersOf(agency.id);
  const admin = userWithRole(users, 'agency_admin');
  return {
    id: agency.id,
    adminId: admin.id,
    admin: await tokenFor(admin),
    member: await tokenFor(userWithRole(users, 'agency_member')),
  };
}
