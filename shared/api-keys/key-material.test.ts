import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateApiKey, hashApiKey, keyPrefix, looksLikeApiKey } from './key-material.ts';

describe('API key material (offline)', () => {
  it('generates distinct csa_live_ keys of 43 URL-safe characters that pass the format check', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));
    expect(keys.size).toBe(100);
    for (const key of keys) {
      expect(key).toMatch(/^csa_live_[A-Za-z0-9_-]{43}$/);
      expect(looksLikeApiKey(key)).toBe(true);
    }
  });

  it('refuses values that cannot be keys before any lookup', () => {
    for (const value of [
      '',
      'csa_live_short',
      `csa_test_${'a'.repeat(43)}`,
      `csa_live_${'a'.repeat(42)}`,
      `csa_live_${'+'.repeat(43)}`,
    ])
      expect(looksLikeApiKey(value), value).toBe(false);
  });

  it('stores the lowercase hex SHA-256 and shows the first 12 characters', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyPrefix(key)).toBe(key.slice(0, 12));
    expect(keyPrefix(key)).toMatch(/^csa_live_.{3}$/);
  });
});
