/**
 * Audit entries of client changes (PRD §4.2.11): in the agency's own log, attributed to the user or
 * API key that made them, with the request's id, IP and user agent.
 */
import { type AuditEntry, type AuditRequest, recordAgencyAudit } from '../audit/record-audit.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import type { ClientsCaller } from './clients-caller.ts';

export type { AuditRequest };

/** Client actions the audit log records. */
export type ClientAuditAction = 'client_create' | 'client_update' | 'client_deactivate' | 'client_reactivate';

/** Records `action` on `client` in the caller's agency log. */
export function recordClientAudit(
  caller: ClientsCaller,
  action: ClientAuditAction,
  client: Pick<ClientItem, 'id' | 'company_name'>,
  details: Pick<AuditEntry, 'changes' | 'metadata'>,
  request: AuditRequest,
) {
  return recordAgencyAudit(
    caller,
    {
      ...details,
      action,
      action_category: 'resource',
      resource_type: 'client',
      resource_id: client.id,
      resource_name: client.company_name,
    },
    request,
  );
}
