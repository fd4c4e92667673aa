import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decryptValue,
  EnvelopeDecryptionError,
  encryptValue,
  type MasterKey,
  type MasterKeyring,
} from './envelope.ts';

/** A keyring over fixed versions; the last one is current. */
function keyring(...keys: MasterKey[]): MasterKeyring {
  return {
    current: async () => keys[keys.length - 1] as MasterKey,
    byId: async (id) => {
      const key = keys.find((candidate) => candidate.id === id);
      if (!key) throw new Error(`no master key ${id}`);
      return key;
    },
  };
}

const v1 = { id: 'v1', key: randomBytes(32) };
const binding = { agency_id: 'agency-a', field: 'anthropic_api_key_encrypted' };
const SECRET = 'sk-ant-api03-very-secret-value-1234';

describe('envelope encryption', () => {
  it('round-trips, with a fresh data key and IV per value, and never contains the plaintext', async () => {
    const one = await encryptValue(keyring(v1), binding, SECRET);
    const two = await encryptValue(keyring(v1), binding, SECRET);
    expect(one).not.toBe(two);
    expect(one.startsWith('csenc1.')).toBe(true);
    expect(one).not.toContain(SECRET);
    expect(Buffer.from(one.split('.')[5] as string, 'base64url').toString('latin1')).not.toContain('sk-ant');
    expect(await decryptValue(keyring(v1), binding, one)).toBe(SECRET);
  });

  it('fails loudly with the wrong master key under the same version id', async () => {
    const ciphertext = await encryptValue(keyring(v1), binding, SECRET);
    const impostor = { id: 'v1', key: randomBytes(32) };
    await expect(decryptValue(keyring(impostor), binding, ciphertext)).rejects.toBeInstanceOf(
      EnvelopeDecryptionError,
    );
  });

  it('fails when the value is moved to another agency or another field', async () => {
    const ciphertext = await encryptValue(keyring(v1), binding, SECRET);
    await expect(
      decryptValue(keyring(v1), { ...binding, agency_id: 'agency-b' }, ciphertext),
    ).rejects.toThrow(EnvelopeDecryptionError);
    await expect(
      decryptValue(keyring(v1), { ...binding, field: 'freepik_api_key_encrypted' }, ciphertext),
    ).rejects.toThrow(EnvelopeDecryptionError);
  });

  it('fails on any tampered part and on malformed input', async () => {
    const ciphertext = await encryptValue(keyring(v1), binding, SECRET);
    const parts = ciphertext.split('.');
    for (const index of [2, 3, 4, 5]) {
      const bytes = Buffer.from(parts[index] as string, 'base64url');
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
      const tampered = [
        ...parts.slice(0, index),
        bytes.toString('base64url'),
        ...parts.slice(index + 1),
      ].join('.');
      await expect(decryptValue(keyring(v1), binding, tampered)).rejects.toThrow(EnvelopeDecryptionError);
    }
    await expect(decryptValue(keyring(v1), binding, 'plain-text-key')).rejects.toThrow(
      EnvelopeDecryptionError,
    );
    await expect(decryptValue(keyring(v1), binding, `csenc2.${parts.slice(1).join('.')}`)).rejects.toThrow(
      EnvelopeDecryptionError,
    );
  });

  it('keeps values written before a master key rotation readable', async () => {
    const old = await encryptValue(keyring(v1), binding, SECRET);
    const v2 = { id: 'v2', key: randomBytes(32) };
    const rotated = keyring(v1, v2);
    const fresh = await encryptValue(rotated, binding, SECRET);
    expect(await decryptValue(rotated, binding, old)).toBe(SECRET);
    expect(await decryptValue(rotated, binding, fresh)).toBe(SECRET);
    // Relabelling the key id makes the wrapped key fail authentication, not silently use v2.
    const relabelled = ['csenc1', Buffer.from('v2').toString('base64url'), ...old.split('.').slice(2)].join(
      '.',
    );
    await expect(decryptValue(rotated, binding, relabelled)).rejects.toThrow(EnvelopeDecryptionError);
  });

  it('refuses a master key that is not 32 bytes', async () => {
    await expect(
      encryptValue(keyring({ id: 'short', key: randomBytes(16) }), binding, SECRET),
    ).rejects.toThrow(/32 bytes/);
  });
});
