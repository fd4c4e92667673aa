import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';

describe('password hashing (offline)', () => {
  it('hashes with argon2id and a fresh salt each time', async () => {
    const first = await hashPassword('Correct-Horse-9');
    const second = await hashPassword('Correct-Horse-9');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('Correct-Horse-9');
    await expect(verifyPassword('Correct-Horse-9', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct-horse-9', hash)).resolves.toBe(false);
  });
});
