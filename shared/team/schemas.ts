/**
 * Request and response shapes of the team endpoints (PRD §6.8, fields of §4.2.3), shared by the
 * route table (validation, OpenAPI) and the handlers.
 */
import { z } from 'zod';
import { AGENCY_ROLES } from '../data/entities/users.ts';
import { booleanQuery, pageQuery, sortOrder } from '../http/pagination.ts';

/** Roles a team member can be given by an update; client users keep the `client` role. */
export const STAFF_ROLES = ['agency_admin', 'agency_member'] as const;

const name = z.string().trim().min(1).max(100);
const jobTitle = z.string().trim().min(1).max(100);
const id = z.string().min(1).max(64);

/** A team member as the API shows it. */
export const TeamMemberSchema = z.object({
  id: z.string(),
  email: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  display_name: z.string(),
  role: z.enum(AGENCY_ROLES),
  /** The client a `client` user belongs to; null for staff. */
  client_id: z.string().nullable(),
  job_title: z.string().nullable(),
  avatar_url: z.string().nullable(),
  is_active: z.boolean(),
  is_email_verified: z.boolean(),
  last_login_at: z.string().nullable(),
  deactivated_at: z.string().nullable(),
  created_at: z.string(),
});
export type TeamMember = z.infer<typeof TeamMemberSchema>;

/** Sort fields of the team list. */
export const TEAM_SORT_FIELDS = ['created_at', 'display_name', 'email', 'role', 'last_login_at'] as const;

/** `GET /api/v1/agency/team` query. */
export const TeamListQuerySchema = z.object({
  ...pageQuery,
  role: z.enum(AGENCY_ROLES).optional(),
  is_active: booleanQuery.optional(),
  search: z.string().trim().min(1).max(100).optional().describe('In email, name and job title'),
  sort: z.enum(TEAM_SORT_FIELDS).default('created_at'),
  order: sortOrder.default('asc'),
});
export type TeamListQuery = z.infer<typeof TeamListQuerySchema>;

/** `POST /api/v1/agency/team` body: a `client` user names one of the agency's active clients. */
export const InviteMemberSchema = z
  .object({
    email: z.email().max(255),
    first_name: name.optional(),
    last_name: name.optional(),
    role: z.enum(AGENCY_ROLES),
    client_id: id.optional(),
    job_title: jobTitle.optional(),
  })
  .superRefine((body, context) => {
    if ((body.role === 'client') !== (body.client_id !== undefined))
      context.addIssue({
        code: 'custom',
        path: ['client_id'],
        message: 'client_id is required for the client role and not allowed for other roles',
      });
  });
export type InviteMember = z.infer<typeof InviteMemberSchema>;

/** The invited member and whether the invitation email went out. */
export const InvitedMemberSchema = TeamMemberSchema.extend({
  invitation_sent: z.boolean(),
  invitation_expires_at: z.string().nullable(),
});

/** `{user_id}` of the member routes. */
export const MemberParamsSchema = z.object({ user_id: id });

/** `PUT /api/v1/agency/team/{user_id}` body; `null` clears a job title or name. */
export const UpdateMemberSchema = z
  .object({
    role: z.enum(STAFF_ROLES).optional(),
    job_title: jobTitle.nullable().optional(),
    first_name: name.nullable().optional(),
    last_name: name.nullable().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Nothing to update',
  });
export type UpdateMember = z.infer<typeof UpdateMemberSchema>;

/**
 * `DELETE /api/v1/agency/team/{user_id}` query: an optional reason (a query parameter because
 * clients and proxies may drop the body of a DELETE).
 */
export const DeactivateMemberQuerySchema = z.object({
  reason: z.string().trim().min(1).max(500).optional(),
});

/** What deactivation answers (PRD §6.8). */
export const DeactivatedMemberSchema = z.object({ message: z.string(), id: z.string() });
