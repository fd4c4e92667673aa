/**
 * The generation-complete webhook (PRD §4.2.2 `webhook_url`: "optional webhook for generation
 * complete events"): when a run ends, the pipeline calls {@link notifyGenerationWebhook} and the
 * agency's endpoint receives a signed JSON event:
 *
 * ```json
 * { "id": "<delivery id>", "event": "document.completed", "created_at": "…", "agency_id": "…",
 *   "data": { "client_id": "…", …the GET /documents/{id}/status answer… } }
 * ```
 *
 * `event` is `document.completed` (status ready) or `document.failed` (with `data.error`). The
 * body is signed with the agency's webhook secret (`signature.ts`), decrypted here and nowhere
 * else (`webhook_secret_encrypted`, see `shared/agencies/webhook-secret.ts`). An agency without a
 * secret, or whose stored secret does not decrypt (a plaintext value, another agency's, a wrong
 * master key), gets no delivery, because an unsigned event cannot be told from a forged one. A
 * receiver that is down or refuses is reported in the outcome, never thrown: it must not fail the
 * generation it is told about.
 */
import { randomUUID } from 'node:crypto';
import { EnvelopeDecryptionError } from '../crypto/envelope.ts';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { currentJob } from '../documents/read-documents.ts';
import { documentStatusView } from '../documents/status-view.ts';
import { logger } from '../log.ts';
import { decryptAgencySecret } from '../provider-keys/agency-secrets.ts';
import { type DeliveryOptions, type DeliveryResult, deliverWebhook } from './deliver.ts';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
} from './signature.ts';

export const GENERATION_EVENTS = ['document.completed', 'document.failed'] as const;
export type GenerationEvent = (typeof GENERATION_EVENTS)[number];

/** What happened to a notification. */
export type WebhookOutcome =
  | ({ sent: true; delivery_id: string } & DeliveryResult)
  | { sent: false; reason: 'not_configured' | 'no_secret' | 'secret_unreadable' | 'not_found' };

/** The event body (exactly the bytes that are signed and sent). */
export function generationEventBody(
  deliveryId: string,
  event: GenerationEvent,
  agencyId: string,
  data: Record<string, unknown>,
  createdAt: string,
): string {
  return JSON.stringify({ id: deliveryId, event, created_at: createdAt, agency_id: agencyId, data });
}

/**
 * Sends `event` about document `documentId` to agency `agencyId`'s webhook, if it has one,
 * retried with backoff within the delivery policy.
 */
export async function notifyGenerationWebhook(
  agencyId: string,
  documentId: string,
  event: GenerationEvent,
  options: DeliveryOptions = {},
): Promise<WebhookOutcome> {
  const entities = service().entities;
  const [{ data: agency }, { data: document }] = await Promise.all([
    entities.agency
      .get({ id: agencyId })
      .go({ attributes: ['id', 'webhook_url', 'webhook_secret_encrypted'] }),
    entities.document.get({ agency_id: agencyId, id: documentId }).go({ consistent: true }),
  ]);
  if (!agency?.webhook_url) return { sent: false, reason: 'not_configured' };
  if (!document) return { sent: false, reason: 'not_found' };
  if (!agency.webhook_secret_encrypted) {
    logger.warn('webhook not sent: the agency has a webhook URL but no signing secret', { agencyId, event });
    return { sent: false, reason: 'no_secret' };
  }
  let secret: string;
  try {
    secret = (await decryptAgencySecret(agency, 'webhook_secret_encrypted')) as string;
  } catch (error) {
    if (!(error instanceof EnvelopeDecryptionError)) throw error;
    // The message names the agency and field, never the stored value.
    logger.error('webhook not sent: the stored signing secret does not decrypt; rotate it', {
      agencyId,
      event,
      error: error.message,
    });
    return { sent: false, reason: 'secret_unreadable' };
  }
  const status = documentStatusView(document, await currentJob(agencyId, documentId));
  const deliveryId = randomUUID();
  const createdAt = nowIso();
  const body = generationEventBody(
    deliveryId,
    event,
    agencyId,
    { client_id: document.client_id, ...status },
    createdAt,
  );
  const result = await deliverWebhook(
    agency.webhook_url,
    body,
    {
      [SIGNATURE_HEADER]: signWebhookBody(secret, body),
      [TIMESTAMP_HEADER]: String(Math.floor(Date.parse(createdAt) / 1000)),
      [EVENT_HEADER]: event,
      [DELIVERY_HEADER]: deliveryId,
      'User-Agent': 'ContentStrategist-Webhooks/1',
    },
    options,
  );
  const log = result.delivered ? logger.info : logger.warn;
  log.call(logger, 'generation webhook', { agencyId, documentId, event, ...result });
  return { sent: true, delivery_id: deliveryId, ...result };
}
