/**
 * Who may watch a generation job over the WebSocket API: a signed-in user of the job's agency
 * (a client user only for its own client's documents). Connections are stored per job so progress
 * pushes find them; another tenant's job id is refused exactly like an unknown one.
 */
import type { AccessClaims } from '../auth/access-token.ts';
import { service } from '../data/service.ts';
import { notFound } from '../http/errors.ts';

/** Checks that `claims` may watch `jobId` and stores the connection. Throws RES_001 otherwise. */
export async function subscribeToJob(
  connectionId: string,
  jobId: string,
  claims: AccessClaims,
): Promise<void> {
  const entities = service().entities;
  if (!claims.agency_id) throw notFound('Generation job');
  const { data: job } = await entities.generationJob.get({ agency_id: claims.agency_id, id: jobId }).go();
  if (!job) throw notFound('Generation job');
  if (claims.role === 'client') {
    const { data: document } = await entities.document
      .get({ agency_id: claims.agency_id, id: job.document_id })
      .go();
    if (!document || document.client_id !== claims.client_id) throw notFound('Generation job');
  }
  await entities.connection
    .put({ connection_id: connectionId, job_id: jobId, user_id: claims.sub, agency_id: claims.agency_id })
    .go();
}

/** Forgets a connection (it closed, or `@connections` answered 410 Gone). */
export async function forgetConnection(connectionId: string): Promise<void> {
  await service().entities.connection.delete({ connection_id: connectionId }).go();
}
