import { requestFacts } from '../../shared/audit/record-audit.ts';
import { requestOrigin } from '../../shared/auth/request-origin.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { deactivateTeamMember } from '../../shared/team/deactivate-member.ts';
import { inviteTeamMember } from '../../shared/team/invite-member.ts';
import {
  DeactivateMemberQuerySchema,
  InviteMemberSchema,
  MemberParamsSchema,
  TeamListQuerySchema,
  UpdateMemberSchema,
} from '../../shared/team/schemas.ts';
import { teamCaller } from '../../shared/team/team-caller.ts';
import { listTeam } from '../../shared/team/team-members.ts';
import { updateTeamMember } from '../../shared/team/update-member.ts';

/** GET /api/v1/agency/team — the team of the host's agency. */
export const list = apiRoute({ query: TeamListQuerySchema }, async ({ query, identity }) => {
  const page = await listTeam(teamCaller(identity).agency_id, query);
  return { data: page.items, pagination: page.pagination };
});

/** POST /api/v1/agency/team — invite a member; the link points at this (the agency's) host. */
export const invite = apiRoute({ body: InviteMemberSchema }, async ({ body, identity, event, context }) => ({
  status: 201,
  data: await inviteTeamMember(teamCaller(identity), body, {
    origin: requestOrigin(event.headers),
    request: requestFacts(event, context),
  }),
}));

/** PUT /api/v1/agency/team/{user_id} — role, job title, names. */
export const update = apiRoute(
  { params: MemberParamsSchema, body: UpdateMemberSchema },
  async ({ params, body, identity, event, context }) => ({
    data: await updateTeamMember(teamCaller(identity), params.user_id, body, requestFacts(event, context)),
  }),
);

/** DELETE /api/v1/agency/team/{user_id} — deactivate (soft delete) a member. */
export const deactivate = apiRoute(
  { params: MemberParamsSchema, query: DeactivateMemberQuerySchema },
  async ({ params, query, identity, event, context }) => ({
    data: await deactivateTeamMember(
      teamCaller(identity),
      params.user_id,
      query.reason,
      requestFacts(event, context),
    ),
  }),
);

export const handler = routeDispatcher({ list, invite, update, deactivate });
