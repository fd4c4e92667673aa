/**
 * Password hashing with argon2id (OWASP parameters: 19 MiB, 2 iterations, 1 lane). hash-wasm
 * ships the reference implementation as WebAssembly, so it bundles into a Lambda without native
 * binaries per architecture.
 */
import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

export const ARGON2_PARAMETERS = {
  parallelism: 1,
  iterations: 2,
  memorySize: 19_456,
  hashLength: 32,
} as const;

/** Returns the PHC-encoded argon2id hash of `password` with a fresh random salt. */
export function hashPassword(password: string): Promise<string> {
  return argon2id({ ...ARGON2_PARAMETERS, password, salt: randomBytes(16), outputType: 'encoded' });
}

/**
 * Stored for accounts that have no password yet (an invitation not yet accepted): no password
 * verifies against it.
 */
export const UNUSABLE_PASSWORD_HASH = '!';

/** True when `password` matches the encoded hash. */
export async function verifyPassword(password: string, encodedHash: string): Promise<boolean> {
  if (encodedHash === UNUSABLE_PASSWORD_HASH) return false;
  return argon2Verify({ password, hash: encodedHash });
}
