/**
 * Reading an agency's team (PRD §6.8): the member view, one member by id within the agency, and
 * the filtered, sorted, paginated list. A team is one bounded partition (`user.byId` keyed by the
 * agency), so the list reads it whole and filters in memory.
 */
import type { UserItem } from '../data/entities/users.ts';
import { service } from '../data/service.ts';
import { notFound } from '../http/errors.ts';
import { matchesSearch, paginate, sortBy } from '../http/pagination.ts';
import type { TeamListQuery, TeamMember } from './schemas.ts';

/** A user as the team endpoints show it (no password hash, tokens or lockout state). */
export function toTeamMember(user: UserItem): TeamMember {
  return {
    id: user.id,
    email: user.email,
    first_name: user.first_name ?? null,
    last_name: user.last_name ?? null,
    display_name: user.display_name ?? user.email,
    role: user.role,
    client_id: user.client_id ?? null,
    job_title: user.job_title ?? null,
    avatar_url: user.avatar_url ?? null,
    is_active: user.is_active,
    is_email_verified: user.is_email_verified,
    last_login_at: user.last_login_at ?? null,
    deactivated_at: user.deactivated_at ?? null,
    created_at: user.created_at,
  };
}

/**
 * The user `userId` of agency `agencyId` (strongly consistent, as writes condition on what it
 * returns); 404 RES_001 when absent, which is also the answer for another agency's user.
 */
export async function getMember(agencyId: string, userId: string): Promise<UserItem> {
  const { data } = await service()
    .entities.user.get({ agency_id: agencyId, id: userId })
    .go({ consistent: true });
  if (!data) throw notFound('Team member');
  return data;
}

/** The agency's team filtered by role, activity and search, sorted and paginated. */
export async function listTeam(agencyId: string, query: TeamListQuery) {
  const { data } = await service().entities.user.query.byId({ agency_id: agencyId }).go({ pages: 'all' });
  const members = data
    .map(toTeamMember)
    .filter(
      (member) =>
        (query.role === undefined || member.role === query.role) &&
        (query.is_active === undefined || member.is_active === query.is_active) &&
        matchesSearch(query.search, [member.email, member.display_name, member.job_title ?? undefined]),
    );
  const sorted = sortBy(members, (member) => member[query.sort], query.order);
  return paginate(sorted, query.page, query.per_page);
}
