/**
 * A super admin creating an agency (PRD §6.9 `POST /api/v1/admin/agencies`): the agency on an
 * active plan, then its first agency admin, invited by email to the agency's own host to choose a
 * password. The slug is unique platform-wide (409 RES_002, claimed in the agency's transaction).
 */
import { createAgency } from '../agencies/create-agency.ts';
import { sendInvitation } from '../auth/invitations.ts';
import { TOKEN_LIFETIME_SECONDS } from '../auth/one-time-tokens.ts';
import { addSeconds, nowIso } from '../data/time.ts';
import { logger } from '../log.ts';
import type { AuditRequest } from '../team/team-audit.ts';
import { createAgencyUser } from '../users/create-user.ts';
import { adminName, type PlatformAdmin, recordAdminAudit } from './admin-caller.ts';
import { agencyDetail } from './agency-directory.ts';
import { choosePlan } from './plan-lookup.ts';
import type { CreateAgency } from './schemas.ts';

/** Where the new agency's invitation link points and what the audit records about the request. */
export interface OnboardContext {
  /** `scheme://host` of the platform host the request came to (the agency's host is derived). */
  platformOrigin: string;
  request: AuditRequest;
}

/** `scheme://{slug}.{platform host}`: where the new agency's users sign in. */
function agencyOrigin(platformOrigin: string, slug: string): string {
  const url = new URL(platformOrigin);
  url.hostname = `${slug}.${url.hostname}`;
  return url.origin;
}

/** First and last name of the admin, from the separate fields or the PRD's `admin_name`. */
function adminNames(input: CreateAgency): { first_name?: string; last_name?: string } {
  const [first, ...rest] = (input.admin_name ?? '').split(/\s+/).filter(Boolean);
  return {
    first_name: input.admin_first_name ?? first,
    last_name: input.admin_last_name ?? (rest.length > 0 ? rest.join(' ') : undefined),
  };
}

/**
 * Creates the agency and its invited admin. If the invitation email cannot be sent, agency and
 * admin still exist and the answer says `invitation_sent: false` (logged, audited as partial).
 */
export async function onboardAgency(admin: PlatformAdmin, input: CreateAgency, context: OnboardContext) {
  const plan = await choosePlan(input);
  const agency = await createAgency({
    name: input.name,
    slug: input.slug,
    plan,
    notification_email: input.admin_email,
    notes: input.notes,
  });
  const user = await createAgencyUser({
    agency_id: agency.id,
    role: 'agency_admin',
    email: input.admin_email,
    ...adminNames(input),
    is_email_verified: false,
  });

  const expiresAt = addSeconds(nowIso(), TOKEN_LIFETIME_SECONDS.invitation);
  let sent = true;
  try {
    await sendInvitation({
      agency_id: agency.id,
      user_id: user.id,
      email: user.email,
      inviter_name: await adminName(admin),
      agency_name: agency.name,
      origin: agencyOrigin(context.platformOrigin, agency.slug),
    });
  } catch (error) {
    sent = false;
    logger.error('invitation email failed', { error: error as Error, userId: user.id });
  }

  await recordAdminAudit(
    admin,
    {
      action: 'agency_create',
      resource_type: 'agency',
      resource_id: agency.id,
      resource_name: agency.name,
      metadata: { slug: agency.slug, plan: plan.name, admin_user_id: user.id, invitation_sent: sent },
      status: sent ? 'success' : 'partial',
    },
    context.request,
  );
  return {
    ...(await agencyDetail(agency.id)),
    admin: {
      id: user.id,
      email: user.email,
      invitation_sent: sent,
      invitation_expires_at: sent ? expiresAt : null,
    },
  };
}
