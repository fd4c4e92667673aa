/**
 * Inviting a team member (PRD §6.8 `POST /api/v1/agency/team`): the user is created without a
 * usable password and unverified, then emailed a one-time link to choose a password
 * (`sendInvitation`, 7 days). The email is unique within the agency (409 VAL_004), and a client
 * user must name one of the agency's own active clients (404 RES_001 otherwise) — both checked in
 * the creating transaction.
 */
import { sendInvitation } from '../auth/invitations.ts';
import { TOKEN_LIFETIME_SECONDS } from '../auth/one-time-tokens.ts';
import { service } from '../data/service.ts';
import { addSeconds, nowIso } from '../data/time.ts';
import { notFound } from '../http/errors.ts';
import { logger } from '../log.ts';
import { createAgencyUser } from '../users/create-user.ts';
import type { InviteMember } from './schemas.ts';
import { type AuditRequest, recordTeamAudit } from './team-audit.ts';
import { callerName, type TeamCaller } from './team-caller.ts';
import { toTeamMember } from './team-members.ts';

/** Where the invitation link points and what the audit entry records about the request. */
export interface InviteContext {
  /** `scheme://host` of the agency's own host (the link's base). */
  origin: string;
  request: AuditRequest;
}

/**
 * Creates the invited user in the caller's agency and emails the invitation. If the email cannot
 * be sent the member still exists (`invitation_sent: false`), so the caller is told rather than
 * left guessing; the failure is logged and audited as partial.
 */
export async function inviteTeamMember(caller: TeamCaller, input: InviteMember, context: InviteContext) {
  const { data: agency } = await service().entities.agency.get({ id: caller.agency_id }).go();
  if (!agency) throw notFound('Agency');
  const user = await createAgencyUser({ ...input, agency_id: caller.agency_id, is_email_verified: false });

  const expiresAt = addSeconds(nowIso(), TOKEN_LIFETIME_SECONDS.invitation);
  let sent = true;
  try {
    await sendInvitation({
      agency_id: caller.agency_id,
      user_id: user.id,
      email: user.email,
      inviter_name: await callerName(caller, agency.name),
      agency_name: agency.name,
      origin: context.origin,
    });
  } catch (error) {
    sent = false;
    logger.error('invitation email failed', { error: error as Error, userId: user.id });
  }

  await recordTeamAudit(
    caller,
    {
      action: 'team_member_invite',
      resource_id: user.id,
      resource_name: user.email,
      metadata: { role: user.role, client_id: user.client_id, invitation_sent: sent },
      status: sent ? 'success' : 'partial',
    },
    context.request,
  );
  return { ...toTeamMember(user), invitation_sent: sent, invitation_expires_at: sent ? expiresAt : null };
}
