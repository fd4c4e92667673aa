/**
 * Request and response shapes of the BYOK key endpoints (PRD §6.7), shared by the route table
 * (validation, OpenAPI) and the handlers.
 */
import { z } from 'zod';
import { PROVIDERS } from './providers.ts';

/** A provider key as pasted: trimmed, printable, no spaces inside (keys have none). */
const providerKey = z
  .string()
  .trim()
  .min(8, 'Must be at least 8 characters')
  .max(512)
  .regex(/^[\x21-\x7e]+$/, 'Must contain no spaces or control characters');

/** `PUT /api/v1/agency/api-keys`: a key sets, `null` removes, absent leaves it as it is. */
export const UpdateProviderKeysSchema = z
  .object({
    anthropic_api_key: providerKey.nullable().optional(),
    freepik_api_key: providerKey.nullable().optional(),
  })
  .refine((body) => body.anthropic_api_key !== undefined || body.freepik_api_key !== undefined, {
    message: 'Send anthropic_api_key and/or freepik_api_key (null removes a key)',
    path: ['anthropic_api_key'],
  });
export type UpdateProviderKeys = z.infer<typeof UpdateProviderKeysSchema>;

const ProviderKeyStatusSchema = z.object({ configured: z.boolean(), last4: z.string().nullable() });

/** The only view of stored keys: configured and last four characters. */
export const ProviderKeysStatusSchema = z.object({
  anthropic: ProviderKeyStatusSchema,
  freepik: ProviderKeyStatusSchema,
});

/** `POST /api/v1/agency/api-keys/test`: the given key, else the stored one. */
export const TestProviderKeySchema = z.object({
  provider: z.enum(PROVIDERS),
  api_key: providerKey.optional().describe('Key to test; the stored key when absent'),
});

export const KeyTestResultSchema = z.object({
  provider: z.enum(PROVIDERS),
  valid: z.boolean(),
  status: z.enum(['valid', 'invalid', 'unavailable']),
  message: z.string(),
});
