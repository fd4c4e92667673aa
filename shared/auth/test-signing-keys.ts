/**
 * Signing keys held in memory, for tests of token code that need no Secrets Manager. The raw
 * secret is exposed so tests can forge tokens with it (other algorithms, other claims).
 */
import { randomBytes } from 'node:crypto';
import type { SigningKeys } from './signing-key.ts';

export interface TestSigningKeys extends SigningKeys {
  readonly kid: string;
  readonly secret: Uint8Array<ArrayBuffer>;
}

/** One random 256-bit HS256 key under `kid`; `verificationKey` knows no other id. */
export async function testSigningKeys(kid = 'test-key'): Promise<TestSigningKeys> {
  const secret = new Uint8Array(randomBytes(32));
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
  return {
    kid,
    secret,
    signingKey: async () => ({ kid, key }),
    verificationKey: async (wanted) => (wanted === kid ? key : undefined),
  };
}
