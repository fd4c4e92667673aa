/**
 * Changing a team member's role, job title or names (PRD §6.8 `PUT /api/v1/agency/team/{user_id}`).
 * A role change of an active member moves the agency's active-admin counter in the same
 * transaction, and demotion is refused (409 RES_003) when it would leave no active admin. The
 * user write is conditioned on the role and activity the decision was based on, so a concurrent
 * change of the same member makes this one fail (409 RES_003) instead of miscounting.
 */
import { service } from '../data/service.ts';
import { assertCommitted } from '../data/transactions.ts';
import { ApiError } from '../http/errors.ts';
import { addActiveAdmin, lastAdminError, removeActiveAdmin } from './active-admins.ts';
import type { TeamMember, UpdateMember } from './schemas.ts';
import { type AuditRequest, recordTeamAudit } from './team-audit.ts';
import type { TeamCaller } from './team-caller.ts';
import { getMember, toTeamMember } from './team-members.ts';

/** 409 RES_003 for a write whose premise another request changed. */
export function memberChanged(): ApiError {
  return new ApiError('RES_003', { message: 'The team member was changed by another request; please retry' });
}

type Field = keyof UpdateMember;

/** Applies `input` to member `userId` of the caller's agency and returns the member as it is now. */
export async function updateTeamMember(
  caller: TeamCaller,
  userId: string,
  input: UpdateMember,
  request: AuditRequest,
): Promise<TeamMember> {
  const before = await getMember(caller.agency_id, userId);
  if (input.role !== undefined && before.role === 'client') {
    throw new ApiError('VAL_001', {
      details: [{ field: 'role', message: 'A client user keeps the client role; invite staff separately' }],
    });
  }
  const changed = (Object.keys(input) as Field[]).filter(
    (field) => input[field] !== undefined && (input[field] ?? undefined) !== before[field],
  );
  if (changed.length === 0) return toTeamMember(before);

  const promoted = before.is_active && before.role !== 'agency_admin' && input.role === 'agency_admin';
  const demoted = before.is_active && before.role === 'agency_admin' && input.role === 'agency_member';
  const key = { agency_id: caller.agency_id, id: userId };
  const outcome = await service()
    .transaction.write((tx) => [
      tx.user
        .patch(key)
        .data((attributes, { set, remove }) => {
          for (const field of changed) {
            const value = input[field];
            if (value === null) remove(attributes[field]);
            else set(attributes[field], value as string);
          }
        })
        .where(
          ({ role, is_active }, { eq }) => `${eq(role, before.role)} AND ${eq(is_active, before.is_active)}`,
        )
        .commit(),
      ...(promoted ? [addActiveAdmin(tx, caller.agency_id)] : []),
      ...(demoted ? [removeActiveAdmin(tx, caller.agency_id)] : []),
    ])
    .go();
  assertCommitted(outcome, [memberChanged(), demoted ? lastAdminError() : null]);

  const after = await getMember(caller.agency_id, userId);
  await recordTeamAudit(
    caller,
    {
      action: 'team_member_update',
      resource_id: userId,
      resource_name: after.email,
      changes: Object.fromEntries(
        changed.map((field) => [field, { old: before[field] ?? null, new: after[field] ?? null }]),
      ),
    },
    request,
  );
  return toTeamMember(after);
}
