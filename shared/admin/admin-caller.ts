/**
 * The super admin behind an admin route, and the platform audit log their actions go to.
 */
import { type AuditEntry, recordAudit } from '../audit/record-audit.ts';
import type { RequestIdentity } from '../auth/request-identity.ts';
import { service } from '../data/service.ts';
import { ApiError } from '../http/errors.ts';
import type { AuditRequest } from '../team/team-audit.ts';

/** A signed-in super admin acting on the platform host. */
export interface PlatformAdmin {
  user_id: string;
}

/**
 * The super admin calling an admin route. Only super admins hold `admin:*` permissions and their
 * tokens only work on the platform host, so the route table already ensures this; checked again
 * here because these routes see every agency's data.
 */
export function platformAdmin(identity: RequestIdentity | null): PlatformAdmin {
  const principal = identity?.principal;
  if (
    identity?.tenant.kind !== 'platform' ||
    principal?.kind !== 'user' ||
    principal.role !== 'super_admin'
  ) {
    throw new ApiError('AUTH_004');
  }
  return { user_id: principal.sub };
}

/** How emails sent for the admin name them: their display name, else the product's. */
export async function adminName(admin: PlatformAdmin): Promise<string> {
  const { data } = await service().entities.superAdmin.get({ id: admin.user_id }).go();
  return data?.display_name ?? 'Content Strategist';
}

/** What an admin action records; the log (platform), category and actor are filled in. */
export type AdminAuditEntry = Omit<AuditEntry, 'agency_id' | 'user_id' | 'api_key_id' | 'action_category'>;

/** Records an admin action in the platform audit log. */
export function recordAdminAudit(admin: PlatformAdmin, entry: AdminAuditEntry, request: AuditRequest) {
  return recordAudit(
    { ...entry, agency_id: null, action_category: 'admin', user_id: admin.user_id },
    request,
  );
}
