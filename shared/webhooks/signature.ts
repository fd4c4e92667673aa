/**
 * Signatures of agency webhooks (PRD §4.2.2 `webhook_secret`: "for webhook signature
 * verification"): `X-Content-Strategist-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw
 * request body keyed with the agency's secret. The body carries its own `created_at` and event
 * `id`, so a receiver can refuse stale or repeated deliveries with data the signature covers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Content-Strategist-Signature';
export const TIMESTAMP_HEADER = 'X-Content-Strategist-Timestamp';
export const EVENT_HEADER = 'X-Content-Strategist-Event';
/** Same value on every retry of one delivery, so receivers can drop duplicates. */
export const DELIVERY_HEADER = 'X-Content-Strategist-Delivery';

/** `sha256=<hex>` of `body` keyed with `secret`. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What a receiver does: true when `signature` is `body` signed with `secret` (constant time). */
export function verifyWebhookSignature(secret: string, body: string, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signWebhookBody(secret, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
