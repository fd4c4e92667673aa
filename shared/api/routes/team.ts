import { z } from 'zod';
import {
  DeactivatedMemberSchema,
  DeactivateMemberQuerySchema,
  InvitedMemberSchema,
  InviteMemberSchema,
  MemberParamsSchema,
  TeamListQuerySchema,
  TeamMemberSchema,
  UpdateMemberSchema,
} from '../../team/schemas.ts';
import { apiHandler, type RouteDefinition } from '../route-types.ts';

/** An agency's team (PRD §6.8), on the agency's own host. */
export const TEAM_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/v1/agency/team',
    handler: apiHandler('team', 'list'),
    permission: 'team:list',
    rateLimit: 'standard',
    summary: 'Team members of the agency (filter by role and activity, search, sort, paginate)',
    tag: 'Team',
    input: { query: TeamListQuerySchema },
    output: z.array(TeamMemberSchema),
  },
  {
    method: 'POST',
    path: '/api/v1/agency/team',
    handler: apiHandler('team', 'invite'),
    permission: 'team:create',
    rateLimit: 'standard',
    summary: 'Invite a team member (admin, member, or client user of one of the agency’s clients)',
    tag: 'Team',
    input: { body: InviteMemberSchema },
    output: InvitedMemberSchema,
  },
  {
    method: 'PUT',
    path: '/api/v1/agency/team/{user_id}',
    handler: apiHandler('team', 'update'),
    permission: 'team:update',
    rateLimit: 'standard',
    summary: 'Change a team member’s role, job title or names (the last active admin stays admin)',
    tag: 'Team',
    input: { params: MemberParamsSchema, body: UpdateMemberSchema },
    output: TeamMemberSchema,
  },
  {
    method: 'DELETE',
    path: '/api/v1/agency/team/{user_id}',
    handler: apiHandler('team', 'deactivate'),
    permission: 'team:delete',
    rateLimit: 'standard',
    summary: 'Deactivate a team member and end their sessions (never the last active admin)',
    tag: 'Team',
    input: { params: MemberParamsSchema, query: DeactivateMemberQuerySchema },
    output: DeactivatedMemberSchema,
  },
];
