/**
 * Audit entries of team changes (PRD §4.2.11): in the agency's own log, attributed to the user or
 * API key that made them, with the request's id, IP and user agent.
 */
import { type AuditEntry, type AuditRequest, recordAudit } from '../audit/record-audit.ts';
import type { TeamCaller } from './team-caller.ts';

export type { AuditRequest };

/** What a team change records; the agency and the actor come from the caller. */
export type TeamAuditEntry = Omit<
  AuditEntry,
  'agency_id' | 'user_id' | 'api_key_id' | 'action_category' | 'resource_type'
>;

/** Records `entry` about a team member in the caller's agency log. */
export function recordTeamAudit(caller: TeamCaller, entry: TeamAuditEntry, request: AuditRequest) {
  return recordAudit(
    {
      ...entry,
      agency_id: caller.agency_id,
      action_category: 'resource',
      resource_type: 'user',
      user_id: caller.user_id ?? undefined,
      api_key_id: caller.api_key_id ?? undefined,
    },
    request,
  );
}
