/**
 * Audit entries of document actions (PRD §4.2.11): in the agency's own log, attributed to the user
 * or API key that acted, with the request's id, IP and user agent.
 */
import { type AuditEntry, recordAudit, type requestFacts } from '../audit/record-audit.ts';
import type { DocumentItem } from '../data/entities/documents.ts';
import type { DocumentsCaller } from './documents-caller.ts';

/** Request facts as `requestFacts(event, context)` returns them. */
export type AuditRequest = ReturnType<typeof requestFacts>;

/** Document actions the audit log records. */
export type DocumentAuditAction = 'document_generate' | 'document_content_update' | 'document_delete';

/** Records `action` on `document` in the caller's agency log. */
export function recordDocumentAudit(
  caller: DocumentsCaller,
  action: DocumentAuditAction,
  document: Pick<DocumentItem, 'id' | 'title'>,
  details: Pick<AuditEntry, 'changes' | 'metadata' | 'status' | 'error_message'>,
  request: AuditRequest,
) {
  const { principal } = caller;
  return recordAudit(
    {
      ...details,
      agency_id: caller.agency_id,
      action,
      action_category: action === 'document_generate' ? 'generation' : 'resource',
      resource_type: 'document',
      resource_id: document.id,
      resource_name: document.title,
      ...(principal.kind === 'user' ? { user_id: principal.sub } : { api_key_id: principal.key_id }),
    },
    request,
  );
}
