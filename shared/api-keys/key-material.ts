/**
 * The API key itself (PRD §4.2.10, §5.3.3): `csa_live_` followed by 43 URL-safe characters of
 * randomness (32 bytes, base64url). Only its SHA-256 is stored; the key is shown once.
 */
import { createHash, randomBytes } from 'node:crypto';

const LIVE_PREFIX = 'csa_live_';

/** Length of the displayed prefix (`key_prefix`, PRD `VARCHAR(12)`), e.g. `csa_live_Ab3`. */
const KEY_PREFIX_LENGTH = 12;

/**
 * What a presented key must look like before it is worth a database lookup. 43+ characters so
 * that longer keys stay valid if the length ever grows; 128 caps what is hashed per request.
 */
const KEY_FORMAT = /^csa_live_[A-Za-z0-9_-]{43,128}$/;

/** A new key: 256 random bits, so keys cannot be guessed and a hash collision is not a concern. */
export function generateApiKey(): string {
  return `${LIVE_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** True when `value` has the shape of one of our keys. */
export function looksLikeApiKey(value: string): boolean {
  return KEY_FORMAT.test(value);
}

/**
 * Lowercase hex SHA-256 of the key, the stored and indexed form. A fast hash is right here (unlike
 * passwords): the key has 256 bits of entropy, so there is nothing to brute-force.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The part of a key that lists show, so an owner can recognise it. */
export function keyPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX_LENGTH);
}
