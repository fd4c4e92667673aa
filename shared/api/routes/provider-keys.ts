import {
  KeyTestResultSchema,
  ProviderKeysStatusSchema,
  TestProviderKeySchema,
  UpdateProviderKeysSchema,
} from '../../provider-keys/schemas.ts';
import { apiHandler, type RouteDefinition } from '../route-types.ts';

/**
 * The agency's own AI-provider keys (PRD §6.7 BYOK), on the agency's own host. They share the
 * `/api/v1/agency/api-keys` path with the programmatic API keys of `api-keys.ts`; methods keep
 * them apart (`PUT` here, `POST` there), and `/test` is a literal segment, which API Gateway and
 * the local matcher both prefer over `DELETE …/{key_id}` (a different method anyway).
 */
export const PROVIDER_KEY_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'PUT',
    path: '/api/v1/agency/api-keys',
    handler: apiHandler('provider-keys', 'update'),
    permission: 'agency:api_keys:manage',
    rateLimit: 'standard',
    summary: 'Store (encrypted) or remove (null) the agency’s Anthropic and Freepik keys; answers last4 only',
    tag: 'Provider keys',
    input: { body: UpdateProviderKeysSchema },
    output: ProviderKeysStatusSchema,
  },
  {
    method: 'POST',
    path: '/api/v1/agency/api-keys/test',
    handler: apiHandler('provider-keys', 'test'),
    permission: 'agency:api_keys:manage',
    rateLimit: 'standard',
    summary: 'Check a supplied or the stored provider key against the provider',
    tag: 'Provider keys',
    input: { body: TestProviderKeySchema },
    output: KeyTestResultSchema,
  },
];
