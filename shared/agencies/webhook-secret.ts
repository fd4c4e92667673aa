/**
 * The signing secret of an agency's generation webhook (PRD §4.2.2 `webhook_secret`, "for webhook
 * signature verification"; `shared/webhooks/signature.ts` signs each delivery with it): 32 random
 * bytes as 64 hex characters. Signing needs the secret itself, so it cannot be hashed; it is
 * stored envelope-encrypted like the BYOK keys (`webhook_secret_encrypted`, bound to the agency)
 * and decrypted only by the delivery (`shared/webhooks/generation-webhook.ts`).
 * The API shows it once — in the answer that creates it (the first save of a webhook URL) or
 * rotates it — and afterwards only says that one exists. Removing the URL removes the secret, so a
 * new URL starts with a new secret.
 */
import { randomBytes } from 'node:crypto';
import type { AgencyItem } from '../data/entities/agencies.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { ApiError } from '../http/errors.ts';
import { encryptAgencySecret } from '../provider-keys/agency-secrets.ts';

/** A new secret for agency `agencyId`: the plaintext to show once and the ciphertext to store. */
export async function newWebhookSecret(
  agencyId: string,
): Promise<{ secret: string; webhook_secret_encrypted: string }> {
  const secret = randomBytes(32).toString('hex');
  return {
    secret,
    webhook_secret_encrypted: await encryptAgencySecret(agencyId, 'webhook_secret_encrypted', secret),
  };
}

/** What saving `webhookUrl` (absent: not part of the update) does to the agency's secret. */
export function webhookSecretChange(
  before: Pick<AgencyItem, 'webhook_secret_encrypted'>,
  webhookUrl: string | null | undefined,
): 'create' | 'remove' | 'keep' {
  if (typeof webhookUrl === 'string' && !before.webhook_secret_encrypted) return 'create';
  if (webhookUrl === null && before.webhook_secret_encrypted) return 'remove';
  return 'keep';
}

type Operations = { eq(attribute: unknown, value: string): string; notExists(attribute: unknown): string };

/**
 * An ElectroDB `where` condition: the stored (encrypted) secret is still the one read (`before`).
 * Two admins saving at once cannot both be shown a secret while only one of them is stored.
 */
export function secretStillIs(before: string | undefined) {
  return (
    { webhook_secret_encrypted }: { webhook_secret_encrypted: unknown },
    { eq, notExists }: Operations,
  ) => (before ? eq(webhook_secret_encrypted, before) : notExists(webhook_secret_encrypted));
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
