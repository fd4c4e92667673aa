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
 * body is signed with the agency's `webhook_secret` (`signature.ts`); an agency without a secret
 * gets no delivery, because an unsigned event cannot be told from a forged one. A receiver that
 * is down or refuses is reported in the outcome, never thrown: it must not fail the generation
 * it is told about.
 */
import { randomUUID } from 'node:crypto';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { currentJob } from '../documents/read-documents.ts';
import { documentStatusView } from '../documents/status-view.ts';
import { logger } from '../log.ts';
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
  | { sent: false; reason: 'not_configured' | 'no_secret' | 'not_found' };

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
    entities.agency.get({ id: agencyId }).go({ attributes: ['id', 'webhook_url', 'webhook_secret'] }),
    entities.document.get({ agency_id: agencyId, id: documentId }).go({ consistent: true }),
  ]);
  if (!agency?.webhook_url) return { sent: false, reason: 'not_configured' };
  if (!document) return { sent: false, reason: 'not_found' };
  if (!agency.webhook_secret) {
    logger.warn('webhook not sent: the agency has a webhook URL but no signing secret', { agencyId, event });
    return { sent: false, reason: 'no_secret' };
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
      [SIGNATURE_HEADER]: signWebhookBody(agency.webhook_secret, body),
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
