import { z } from 'zod';
import {
  ApiKeyParamsSchema,
  ApiKeySchema,
  CreateApiKeyBodySchema,
  CreatedApiKeySchema,
  RevokedApiKeySchema,
} from '../../api-keys/schemas.ts';
import { apiHandler, type RouteDefinition } from '../route-types.ts';

/**
 * Programmatic API keys of an agency (PRD §6.7), on the agency's own host. (`PUT
 * /api/v1/agency/api-keys` and `/test` are the agency's own AI-provider keys, not these.)
 */
export const API_KEY_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/v1/agency/api-keys/list',
    handler: apiHandler('api-keys', 'list'),
    permission: 'agency:api_keys:manage',
    rateLimit: 'standard',
    summary: 'API keys of the agency, newest first (prefix only; the key is never shown again)',
    tag: 'API keys',
    output: z.array(ApiKeySchema),
  },
  {
    method: 'POST',
    path: '/api/v1/agency/api-keys',
    handler: apiHandler('api-keys', 'create'),
    permission: 'agency:api_keys:manage',
    rateLimit: 'standard',
    summary: 'Create an API key with scopes, IP allowlist, expiry and limits; the key is shown once',
    tag: 'API keys',
    input: { body: CreateApiKeyBodySchema },
    output: CreatedApiKeySchema,
  },
  {
    method: 'DELETE',
    path: '/api/v1/agency/api-keys/{key_id}',
    handler: apiHandler('api-keys', 'revoke'),
    permission: 'agency:api_keys:manage',
    rateLimit: 'standard',
    summary: 'Revoke an API key: it stops working immediately',
    tag: 'API keys',
    input: { params: ApiKeyParamsSchema },
    output: RevokedApiKeySchema,
  },
];
