/**
 * Deleting a document (`DELETE /documents/{id}`, agency admins: `documents:delete`): a soft delete
 * (`deleted_at`), after which the document is gone from lists and answers 404. The retention
 * sweep hard-deletes it with its files 30 days later (PRD §1.4). A run still in progress is
 * stopped, so no credits are spent on a document nobody will see.
 */
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { notFound } from '../http/errors.ts';
import { logger } from '../log.ts';
import { type AuditRequest, recordDocumentAudit } from './document-audit.ts';
import type { DocumentsCaller } from './documents-caller.ts';
import { stopGenerationExecution } from './executions.ts';
import { currentJob, getVisibleDocument } from './read-documents.ts';

const RUNNING = new Set(['pending', 'generating']);

/** Stops the document's run if it is still going; a failure to stop is logged, not fatal. */
async function stopRun(agencyId: string, documentId: string): Promise<void> {
  const job = await currentJob(agencyId, documentId);
  if (!job?.execution_arn || job.completed_at) return;
  try {
    await stopGenerationExecution(job.execution_arn, `Document ${documentId} was deleted`);
  } catch (error) {
    logger.warn('could not stop the generation of a deleted document', { error: error as Error, documentId });
  }
}

/** Soft-deletes document `documentId`; 404 when it is unknown, not visible or already deleted. */
export async function deleteDocument(caller: DocumentsCaller, documentId: string, request: AuditRequest) {
  const document = await getVisibleDocument(caller, documentId);
  const deletedAt = nowIso();
  try {
    await service()
      .entities.document.patch({ agency_id: caller.agency_id, id: documentId })
      .set({ deleted_at: deletedAt })
      .where(({ deleted_at }, { notExists }) => notExists(deleted_at))
      .go();
  } catch (error) {
    // Deleted by a concurrent request: to this caller it is gone either way.
    if (isConditionalCheckFailure(error)) throw notFound('Document');
    throw error;
  }
  if (RUNNING.has(document.status)) await stopRun(caller.agency_id, documentId);
  await recordDocumentAudit(
    caller,
    'document_delete',
    document,
    { metadata: { client_id: document.client_id, status: document.status } },
    request,
  );
  return { id: documentId, deleted_at: deletedAt, message: 'Document deleted' };
}
