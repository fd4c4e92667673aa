/**
 * A client's document statistics (PRD §4.3.3 `update_client_document_stats`):
 * `total_documents_generated` and `last_document_generated_at`, kept by the database rather than
 * counted on read. The PRD's trigger counted a document when its row was inserted; here it counts
 * when the document is ready (the pipeline's finalize step calls {@link recordDocumentCompleted}),
 * so a failed generation is not a generated document.
 *
 * Counting is once per document however often finalize runs (Step Functions retries a step that
 * timed out after it wrote): one transaction marks the document counted (`client_stats_recorded_at`,
 * only if not yet set) and adds 1 to the client, so a second call is cancelled as a whole and
 * changes nothing.
 */
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';

/** What {@link recordDocumentCompleted} did. */
export type ClientStatsOutcome = 'counted' | 'already_counted' | 'not_found';

/**
 * Counts ready document `documentId` in its client's statistics, once. Resolves `already_counted`
 * on a repeat and `not_found` when the document or its client is gone (nothing to count).
 */
export async function recordDocumentCompleted(
  agencyId: string,
  documentId: string,
): Promise<ClientStatsOutcome> {
  const entities = service().entities;
  const { data: document } = await entities.document.get({ agency_id: agencyId, id: documentId }).go({
    consistent: true,
    attributes: ['client_id', 'client_stats_recorded_at', 'generation_completed_at'],
  });
  if (!document) return 'not_found';
  if (document.client_stats_recorded_at) return 'already_counted';
  const at = document.generation_completed_at ?? nowIso();
  const outcome = await service()
    .transaction.write((tx) => [
      tx.document
        .patch({ agency_id: agencyId, id: documentId })
        .set({ client_stats_recorded_at: at })
        .where(({ client_stats_recorded_at }, { notExists }) => notExists(client_stats_recorded_at))
        .commit(),
      tx.client
        .patch({ agency_id: agencyId, id: document.client_id })
        .add({ total_documents_generated: 1 })
        .set({ last_document_generated_at: at })
        .commit(),
    ])
    .go();
  if (!outcome.canceled) return 'counted';
  const [marker, client] = outcome.data;
  if (marker?.code === 'ConditionalCheckFailed') return 'already_counted';
  // `patch` requires the item: a client deleted meanwhile has no statistics to keep.
  if (client?.code === 'ConditionalCheckFailed') return 'not_found';
  throw new Error(`Client statistics of document ${documentId} could not be recorded`);
}
