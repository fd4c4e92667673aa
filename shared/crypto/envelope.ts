/**
 * Envelope encryption of small secrets kept in DynamoDB items (BYOK provider keys, OAuth app
 * credentials): AES-256-GCM with a fresh data key per value, the data key itself wrapped with
 * AES-256-GCM under a master key (DECISIONS.md replaces the PRD's Fernet).
 *
 * Ciphertext format (one string, so it fits the PRD's `*_encrypted` text columns):
 *
 * ```
 * csenc1.<master key id>.<wrap iv>.<wrapped data key + tag>.<iv>.<ciphertext + tag>
 * ```
 * every part base64url. The first part versions the format, so a later format can be told apart
 * and old values stay readable. The master key id names the key version that wrapped the data
 * key, so values written before a master-key rotation still decrypt.
 *
 * Both GCM operations carry additional authenticated data: the format, master key id and the
 * value's `binding` (which agency, which field). A ciphertext copied to another agency or
 * another field, a tampered byte, or the wrong master key all fail authentication, and
 * decryption throws; it never returns garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const FORMAT = 'csenc1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A master key version: the id stored in ciphertexts and the 32 key bytes. */
export interface MasterKey {
  readonly id: string;
  readonly key: Uint8Array;
}

/** Where envelope encryption gets its master keys. */
export interface MasterKeyring {
  /** The key new values are wrapped with. */
  current(): Promise<MasterKey>;
  /** The key version `id` names (values written before a rotation name older versions). */
  byId(id: string): Promise<MasterKey>;
}

/** What a value is bound to: decryption succeeds only for the same binding. */
export interface EnvelopeBinding {
  readonly agency_id: string;
  readonly field: string;
}

/** A ciphertext that cannot be decrypted: malformed, tampered, moved, or wrong master key. */
export class EnvelopeDecryptionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnvelopeDecryptionError';
  }
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const unb64 = (text: string) => Buffer.from(text, 'base64url');

/** The AAD of both layers: a change of any of these parts makes authentication fail. */
function additionalData(masterKeyId: string, binding: EnvelopeBinding, layer: 'key' | 'value'): Buffer {
  // JSON, so no choice of agency id or field name can make two different bindings serialise alike.
  return Buffer.from(JSON.stringify([FORMAT, layer, masterKeyId, binding.agency_id, binding.field]));
}

function assertKeyLength(key: MasterKey): void {
  if (key.key.byteLength !== KEY_BYTES)
    throw new Error(`Master key ${key.id} must be ${KEY_BYTES} bytes, got ${key.key.byteLength}`);
}

function seal(key: Uint8Array, plaintext: Uint8Array, aad: Buffer): { iv: Buffer; sealed: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, sealed };
}

function open(key: Uint8Array, iv: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (iv.byteLength !== IV_BYTES || sealed.byteLength < TAG_BYTES)
    throw new EnvelopeDecryptionError('Encrypted value is malformed');
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.byteLength - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(0, sealed.byteLength - TAG_BYTES)),
    decipher.final(),
  ]);
}

/** Encrypts `plaintext` for `binding` under the keyring's current master key. */
export async function encryptValue(
  keyring: MasterKeyring,
  binding: EnvelopeBinding,
  plaintext: string,
): Promise<string> {
  const master = await keyring.current();
  assertKeyLength(master);
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const wrapped = seal(master.key, dataKey, additionalData(master.id, binding, 'key'));
    const value = seal(dataKey, Buffer.from(plaintext, 'utf8'), additionalData(master.id, binding, 'value'));
    return [
      FORMAT,
      b64(Buffer.from(master.id)),
      b64(wrapped.iv),
      b64(wrapped.sealed),
      b64(value.iv),
      b64(value.sealed),
    ].join('.');
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Decrypts a value written by `encryptValue` for the same `binding`. Throws
 * `EnvelopeDecryptionError` for anything that does not authenticate; errors reading the master key
 * (e.g. Secrets Manager unavailable) propagate as they are.
 */
export async function decryptValue(
  keyring: MasterKeyring,
  binding: EnvelopeBinding,
  ciphertext: string,
): Promise<string> {
  const parts = ciphertext.split('.');
  if (parts.length !== 6 || parts[0] !== FORMAT)
    throw new EnvelopeDecryptionError(`Encrypted value is not in the ${FORMAT} format`);
  const [, encodedKeyId, wrapIv, wrappedKey, iv, sealed] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const masterKeyId = unb64(encodedKeyId).toString('utf8');
  const master = await keyring.byId(masterKeyId);
  assertKeyLength(master);
  let dataKey: Buffer | undefined;
  try {
    dataKey = open(master.key, unb64(wrapIv), unb64(wrappedKey), additionalData(masterKeyId, binding, 'key'));
    return open(dataKey, unb64(iv), unb64(sealed), additionalData(masterKeyId, binding, 'value')).toString(
      'utf8',
    );
  } catch (error) {
    if (error instanceof EnvelopeDecryptionError) throw error;
    throw new EnvelopeDecryptionError(
      `Encrypted ${binding.field} of agency ${binding.agency_id} failed authentication (wrong master key, tampered, or moved from another agency or field)`,
      { cause: error },
    );
  } finally {
    dataKey?.fill(0);
  }
}
