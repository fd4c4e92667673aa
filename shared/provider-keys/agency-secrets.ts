/**
 * Encrypted attributes of the agency item: the BYOK provider keys, the OAuth app credentials
 * (PRD §4.2.2 `*_encrypted`) and the webhook signing secret (PRD `webhook_secret`, kept as
 * `webhook_secret_encrypted` so every encrypted attribute is named alike). Each value is bound to
 * its agency and attribute name, so it only ever decrypts where it was written. The pipeline
 * decrypts a secret only in the step that uses it.
 */

import { env } from '../config/env.ts';
import { decryptValue, encryptValue, type MasterKeyring } from '../crypto/envelope.ts';
import { masterKeyring } from '../crypto/secrets-manager-keyring.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';

/** The agency attributes that hold envelope-encrypted secrets. */
export const ENCRYPTED_AGENCY_FIELDS = [
  'anthropic_api_key_encrypted',
  'freepik_api_key_encrypted',
  'oauth_linkedin_encrypted',
  'oauth_facebook_encrypted',
  'oauth_twitter_encrypted',
  'oauth_google_business_encrypted',
  'webhook_secret_encrypted',
] as const satisfies ReadonlyArray<keyof AgencyItem>;
export type EncryptedAgencyField = (typeof ENCRYPTED_AGENCY_FIELDS)[number];

/** The process's master keyring (Secrets Manager, `BYOK_MASTER_KEY_SECRET_ID`). */
export function defaultKeyring(): MasterKeyring {
  return masterKeyring(env().BYOK_MASTER_KEY_SECRET_ID);
}

/** The ciphertext to store in `field` of agency `agencyId`. */
export function encryptAgencySecret(
  agencyId: string,
  field: EncryptedAgencyField,
  plaintext: string,
  keyring: MasterKeyring = defaultKeyring(),
): Promise<string> {
  return encryptValue(keyring, { agency_id: agencyId, field }, plaintext);
}

/**
 * The plaintext of `field` of `agency`, or `undefined` when nothing is stored. Throws
 * `EnvelopeDecryptionError` when the stored value does not authenticate for this agency and
 * field: a wrong master key or a corrupted item must stop the caller, never be read as "no key".
 */
export async function decryptAgencySecret(
  agency: Pick<AgencyItem, 'id' | EncryptedAgencyField>,
  field: EncryptedAgencyField,
  keyring: MasterKeyring = defaultKeyring(),
): Promise<string | undefined> {
  const ciphertext = agency[field];
  if (!ciphertext) return undefined;
  return decryptValue(keyring, { agency_id: agency.id, field }, ciphertext);
}
