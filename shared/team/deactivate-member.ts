/**
 * Deactivating a team member (PRD §6.8 `DELETE /api/v1/agency/team/{user_id}`): a soft delete
 * (`is_active` false, with when, by whom and why), never a removal, so the member's history and
 * authorship stay intact. The last active agency admin cannot be deactivated, not even by
 * themself (409 RES_003, enforced by the active-admin counter in the same transaction). The
 * member's sessions are ended so no refresh token outlives the account.
 */
import { bumpCounter } from '../admin/platform-counters.ts';
import { revokeAllSessions } from '../auth/sessions.ts';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { assertCommitted } from '../data/transactions.ts';
import { lastAdminError, removeActiveAdmin } from './active-admins.ts';
import { type AuditRequest, recordTeamAudit } from './team-audit.ts';
import type { TeamCaller } from './team-caller.ts';
import { getMember } from './team-members.ts';
import { memberChanged } from './update-member.ts';

/**
 * Deactivates member `userId` of the caller's agency. Deactivating an inactive member changes
 * nothing and succeeds (the request's intent already holds).
 */
export async function deactivateTeamMember(
  caller: TeamCaller,
  userId: string,
  reason: string | undefined,
  request: AuditRequest,
): Promise<{ message: string; id: string }> {
  const member = await getMember(caller.agency_id, userId);
  const result = { message: 'Team member deactivated', id: member.id };
  if (!member.is_active) return result;

  const wasAdmin = member.role === 'agency_admin';
  const outcome = await service()
    .transaction.write((tx) => [
      tx.user
        .patch({ agency_id: caller.agency_id, id: userId })
        .set({
          is_active: false,
          deactivated_at: nowIso(),
          ...(caller.user_id ? { deactivated_by: caller.user_id } : {}),
          ...(reason ? { deactivation_reason: reason } : {}),
        })
        .where(({ role, is_active }, { eq }) => `${eq(role, member.role)} AND ${eq(is_active, true)}`)
        .commit(),
      bumpCounter(tx, 'users', { active: -1 }),
      ...(wasAdmin ? [removeActiveAdmin(tx, caller.agency_id)] : []),
    ])
    .go();
  assertCommitted(outcome, [memberChanged(), null, wasAdmin ? lastAdminError() : null]);

  await revokeAllSessions(userId);
  await recordTeamAudit(
    caller,
    {
      action: 'team_member_deactivate',
      resource_id: userId,
      resource_name: member.email,
      changes: { is_active: { old: true, new: false } },
      metadata: { role: member.role, ...(reason ? { reason } : {}) },
    },
    request,
  );
  return result;
}
