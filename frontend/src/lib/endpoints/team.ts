/** PRD §6.8 team endpoints (`/api/v1/agency/team`). */
import { del, get, post, put, segment } from '../api.ts';

export type AgencyRole = 'agency_admin' | 'agency_member' | 'client';

export interface TeamMember {
  readonly id: string;
  readonly email: string;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly display_name: string;
  readonly role: AgencyRole;
  readonly client_id: string | null;
  readonly job_title: string | null;
  readonly avatar_url: string | null;
  readonly is_active: boolean;
  readonly is_email_verified: boolean;
  readonly last_login_at: string | null;
  readonly deactivated_at: string | null;
  readonly created_at: string;
}

export interface TeamQuery {
  page?: number;
  per_page?: number;
  role?: AgencyRole | '';
  is_active?: 'true' | 'false' | '';
  search?: string;
  sort?: 'created_at' | 'display_name' | 'email' | 'role' | 'last_login_at';
  order?: 'asc' | 'desc';
}

export interface Invitation {
  email: string;
  first_name?: string;
  last_name?: string;
  role: AgencyRole;
  /** Required for the `client` role: the client whose documents they see. */
  client_id?: string;
  job_title?: string;
}

export interface MemberChanges {
  role?: 'agency_admin' | 'agency_member';
  job_title?: string | null;
  first_name?: string | null;
  last_name?: string | null;
}

export const listTeam = (query: TeamQuery) => get<TeamMember[]>('/api/v1/agency/team', { ...query });

export const inviteMember = (invitation: Invitation) =>
  post<TeamMember & { invitation_sent: boolean; invitation_expires_at: string | null }>(
    '/api/v1/agency/team',
    invitation,
  );

export const updateMember = (id: string, changes: MemberChanges) =>
  put<TeamMember>(`/api/v1/agency/team/${segment(id)}`, changes);

export const deactivateMember = (id: string, reason?: string) =>
  del<{ message: string; id: string }>(`/api/v1/agency/team/${segment(id)}`, { reason });

/**
 * An invited member who has not accepted yet: accepting verifies the address and is the first
 * sign-in, so neither has happened.
 */
export const isInvitationPending = (member: TeamMember) =>
  member.is_active && !member.is_email_verified && member.last_login_at === null;
