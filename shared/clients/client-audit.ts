/**
 * Audit entries of client changes (PRD §4.2.11): in the agency's own log, attributed to the user or
 * API key that made them, with the request's id, IP and user agent.
 */
import { type AuditEntry, recordAudit, type requestFacts } from '../audit/record-audit.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import type { ClientsCaller } from './clients-caller.ts';

/** Request facts as `requestFacts(event, context)` returns them. */
export type AuditRequest = ReturnType<typeof requestFacts>;

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
  const { principal } = caller;
  return recordAudit(
    {
      ...details,
      agency_id: caller.agency_id,
      action,
      action_category: 'resource',
      resource_type: 'client',
      resource_id: client.id,
      resource_name: client.company_name,
      ...(principal.kind === 'user' ? { user_id: principal.sub } : { api_key_id: principal.key_id }),
    },
    request,
  );
}
