/**
 * The password policy of PRD §5.2.3 (minimum length 8; an uppercase letter, a lowercase letter
 * and a digit; no special character required) as zod schemas, so a request that breaks it gets
 * one 422 VAL_001 naming every rule it misses, and the OpenAPI document states the rules.
 */
import { z } from 'zod';

/** PRD §5.2.3 `PASSWORD_MIN_LENGTH`. */
export const PASSWORD_MIN_LENGTH = 8;
/**
 * Not in the PRD: a bound on what the KDF is asked to hash, far above any passphrase people use.
 * Sign-in accepts nothing longer either, since no stored password can be.
 */
export const PASSWORD_MAX_LENGTH = 128;

/** A password as a user chooses it (reset, invitation), checked against every rule at once. */
export const NewPasswordSchema = z
  .string({ error: 'Password is required' })
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`)
  .regex(/\p{Lu}/u, 'Password must contain an uppercase letter')
  .regex(/\p{Ll}/u, 'Password must contain a lowercase letter')
  .regex(/\p{Nd}/u, 'Password must contain a digit');

/**
 * `{ token, password, password_confirmation }`: an emailed link's token and the new password,
 * typed twice. A mismatch is reported on `password_confirmation`, alongside any policy misses.
 */
export const TokenAndNewPasswordSchema = z
  .object({
    token: z.string({ error: 'Token is required' }).min(1, 'Token is required').max(512),
    password: NewPasswordSchema,
    password_confirmation: z.string({ error: 'Please confirm the password' }),
  })
  .refine((body) => body.password === body.password_confirmation, {
    path: ['password_confirmation'],
    message: 'Passwords do not match',
    // Also when the password breaks the policy, so every problem is reported in one answer.
    when: ({ value }) => {
      const body = value as { password?: unknown; password_confirmation?: unknown };
      return typeof body?.password === 'string' && typeof body.password_confirmation === 'string';
    },
  });
