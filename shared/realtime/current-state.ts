/**
 * A job's state as it stands, for a subscriber that just arrived (or came back) and for the
 * pipeline's final pushes. Read consistently: it must not be older than the pushes already sent.
 */
import { service } from '../data/service.ts';
import { epochSeconds } from '../data/time.ts';
import { logger } from '../log.ts';
import { type JobMessage, jobStateMessage } from './messages.ts';
import { postToConnection } from './push.ts';

/** The state message of job `jobId` of agency `agencyId`; undefined when the job or its document is gone. */
export async function currentJobMessage(agencyId: string, jobId: string): Promise<JobMessage | undefined> {
  const entities = service().entities;
  const { data: job } = await entities.generationJob
    .get({ agency_id: agencyId, id: jobId })
    .go({ consistent: true });
  if (!job) return undefined;
  const { data: document } = await entities.document
    .get({ agency_id: agencyId, id: job.document_id })
    .go({ consistent: true });
  return document ? jobStateMessage(document, job) : undefined;
}

/**
 * Answers `{"action":"subscribe"}`: posts the current state of the job the connection subscribed
 * to at `$connect`. The answer goes through `@connections` rather than as a route response, so it
 * needs no two-way route and reaches the client the same way pushes do.
 */
export async function sendCurrentState(connectionId: string): Promise<void> {
  const { data: connection } = await service()
    .entities.connection.get({ connection_id: connectionId })
    .go({ consistent: true });
  // Past its TTL the item is only awaiting DynamoDB's lazy deletion.
  const agencyId = connection && connection.ttl > epochSeconds() ? connection.agency_id : undefined;
  const message = connection && agencyId ? await currentJobMessage(agencyId, connection.job_id) : undefined;
  if (!message) {
    logger.info('Subscribe on a connection without a live subscription', { connectionId });
    await postToConnection(connectionId, {
      type: 'rejected',
      message: 'This connection is not subscribed to a generation job; reconnect with job_id and token',
    });
    return;
  }
  await postToConnection(connectionId, message);
}
