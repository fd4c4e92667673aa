/**
 * The signing secret of an agency's generation webhook (PRD §4.2.2 `webhook_secret`, "for webhook
 * signature verification"; `shared/webhooks/signature.ts` signs each delivery with it): 32 random
 * bytes as 64 hex characters, stored as the PRD column is, because signing needs the secret itself.
 * The API shows it once — in the answer that creates it (the first save of a webhook URL) or
 * rotates it — and afterwards only says that one exists. Removing the URL removes the secret, so a
 * new URL starts with a new secret.
 */
import { randomBytes } from 'node:crypto';
import type { AgencyItem } from '../data/entities/agencies.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { ApiError } from '../http/errors.ts';

/** A new secret: 32 random bytes, hex. */
export function newWebhookSecret(): string {
  return randomBytes(32).toString('hex');
}

/** What saving `webhookUrl` (absent: not part of the update) does to the agency's secret. */
export function webhookSecretChange(
  before: Pick<AgencyItem, 'webhook_secret'>,
  webhookUrl: string | null | undefined,
): 'create' | 'remove' | 'keep' {
  if (typeof webhookUrl === 'string' && !before.webhook_secret) return 'create';
  if (webhookUrl === null && before.webhook_secret) return 'remove';
  return 'keep';
}

type Operations = { eq(attribute: unknown, value: string): string; notExists(attribute: unknown): string };

/**
 * An ElectroDB `where` condition: the secret is still the one read (`before`). Two admins saving
 * at once cannot both be shown a secret while only one of them is stored.
 */
export function secretStillIs(before: string | undefined) {
  return ({ webhook_secret }: { webhook_secret: unknown }, { eq, notExists }: Operations) =>
    before ? eq(webhook_secret, before) : notExists(webhook_secret);
}

/** 409 RES_003 for a lost race on the secret; any other error unchanged. */
export function secretRaceError(error: unknown): unknown {
  return isConditionalCheckFailure(error)
    ? new ApiError('RES_003', {
        message: 'The webhook settings were changed by another request; reload them and try again',
        cause: error,
      })
    : error;
}
