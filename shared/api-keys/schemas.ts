/**
 * Request and response shapes of the API-key endpoints (PRD §6.7), shared by the route table
 * (OpenAPI) and the handlers (validation).
 */
import { z } from 'zod';
import type { Permission } from '../auth/permissions.ts';
import { API_KEY_SCOPES } from '../data/entities/api-keys.ts';
import { isIpRule } from './ip-allowlist.ts';

/** Scopes of a key created without any: reading, nothing that changes data or spends credits. */
export const DEFAULT_API_KEY_SCOPES: readonly Permission[] = [
  'agency:read',
  'clients:list',
  'clients:read',
  'documents:list',
  'documents:read',
  'schedule:list',
  'templates:list',
  'templates:read',
];

/** Bounds of a key's own limits; the API's overall ceiling is the API Gateway stage throttle. */
const API_KEY_LIMIT_BOUNDS = {
  perMinute: { min: 1, max: 600, default: 60 },
  perDay: { min: 1, max: 100_000, default: 10_000 },
} as const;

const scope = z.enum(API_KEY_SCOPES as [Permission, ...Permission[]]);

const ipRule = z
  .string()
  .trim()
  .refine(isIpRule, 'must be an IPv4 or IPv6 address or CIDR range, e.g. 203.0.113.7 or 10.0.0.0/8');

const futureTimestamp = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString())
  .refine((value) => Date.parse(value) > Date.now(), 'must be in the future');

/** `POST /api/v1/agency/api-keys` body. */
export const CreateApiKeyBodySchema = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).optional(),
  scopes: z
    .array(scope)
    .min(1)
    .transform((scopes) => [...new Set(scopes)])
    .default([...DEFAULT_API_KEY_SCOPES])
    .describe('Permissions the key holds (a subset of the agency admin role); default: read-only'),
  allowed_ips: z
    .array(ipRule)
    .min(1, 'omit allowed_ips (or send null) to allow every address')
    .max(50)
    .nullable()
    .optional()
    .describe('Addresses or CIDR ranges the key may be used from; absent or null = any'),
  expires_at: futureTimestamp.nullable().optional().describe('Absent or null = never expires'),
  rate_limit_per_minute: z
    .int()
    .min(API_KEY_LIMIT_BOUNDS.perMinute.min)
    .max(API_KEY_LIMIT_BOUNDS.perMinute.max)
    .default(API_KEY_LIMIT_BOUNDS.perMinute.default),
  rate_limit_per_day: z
    .int()
    .min(API_KEY_LIMIT_BOUNDS.perDay.min)
    .max(API_KEY_LIMIT_BOUNDS.perDay.max)
    .default(API_KEY_LIMIT_BOUNDS.perDay.default),
});

/** A validated create request. */
export type NewApiKey = z.output<typeof CreateApiKeyBodySchema>;

/** `DELETE /api/v1/agency/api-keys/{key_id}` path. */
export const ApiKeyParamsSchema = z.object({ key_id: z.string().min(1).max(64) });

const userRef = z.object({ id: z.string(), name: z.string().nullable() });

/** A key as lists show it: never the key itself, never its hash. */
export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  key_prefix: z.string(),
  scopes: z.array(z.string()),
  allowed_ips: z.array(z.string()).nullable(),
  rate_limit_per_minute: z.int(),
  rate_limit_per_day: z.int(),
  is_active: z.boolean(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  last_used_ip: z.string().nullable(),
  total_requests: z.int(),
  created_at: z.string(),
  created_by: userRef.nullable().describe('null when the key was created with another API key'),
  revoked_at: z.string().nullable(),
});

export type ApiKeyView = z.infer<typeof ApiKeySchema>;

/** The create response: the stored key plus the key itself, shown this once. */
export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().describe('The full key; it is not stored and cannot be shown again'),
  warning: z.string(),
});

/** The revoke response. */
export const RevokedApiKeySchema = z.object({ message: z.string(), id: z.string(), revoked_at: z.string() });
