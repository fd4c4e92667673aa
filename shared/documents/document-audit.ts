/**
 * Audit entries of document actions (PRD §4.2.11): in the agency's own log, attributed to the user
 * or API key that acted, with the request's id, IP and user agent.
 */
import { type AuditEntry, type AuditRequest, recordAgencyAudit } from '../audit/record-audit.ts';
import type { DocumentItem } from '../data/entities/documents.ts';
import type { DocumentsCaller } from './documents-caller.ts';

export type { AuditRequest };

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
  return recordAgencyAudit(
    caller,
    {
      ...details,
      action,
      action_category: action === 'document_generate' ? 'generation' : 'resource',
      resource_type: 'document',
      resource_id: document.id,
      resource_name: document.title,
    },
    request,
  );
}
