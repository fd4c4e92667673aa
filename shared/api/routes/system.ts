import { apiHandler, type RouteDefinition } from '../route-types.ts';

/** Health, the API description and the catch-all for unknown routes. */
export const SYSTEM_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/v1/health',
    handler: apiHandler('system', 'health'),
    permission: null,
    rateLimit: 'none',
    summary: 'Liveness and dependency check',
    tag: 'System',
  },
  {
    method: 'GET',
    path: '/api/v1/openapi.json',
    handler: apiHandler('system', 'openapi'),
    permission: null,
    rateLimit: 'none',
    summary: 'This API described as OpenAPI 3.1',
    tag: 'System',
  },
  {
    // API Gateway answers unmatched routes with its own `{"message":"Not Found"}`; this
    // catch-all gives callers the PRD error envelope instead.
    method: 'ANY',
    path: '/api/{proxy+}',
    handler: apiHandler('system', 'notFound'),
    permission: null,
    rateLimit: 'none',
    summary: 'Unknown API route: PRD 404 envelope',
    tag: 'System',
  },
];
