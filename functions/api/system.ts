import { buildOpenApiDocument } from '../../shared/api/openapi.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { notFound as routeNotFound } from '../../shared/http/errors.ts';
import { checkHealth } from '../../shared/system/health.ts';

/** GET /api/v1/health — 200 when every dependency answers, 503 (same body) when degraded. */
export const health = apiRoute({}, async () => {
  const report = await checkHealth();
  return {
    status: report.status === 'healthy' ? 200 : 503,
    data: report,
    headers: { 'Cache-Control': 'no-store' },
  };
});

let openApiDocument: Record<string, unknown> | undefined;

/** GET /api/v1/openapi.json — the OpenAPI 3.1 document itself, not wrapped in the envelope. */
export const openapi = apiRoute({}, async () => {
  openApiDocument ??= buildOpenApiDocument();
  return { data: openApiDocument, raw: true, headers: { 'Cache-Control': 'public, max-age=300' } };
});

/** ANY /api/{proxy+} — unknown API routes answer the PRD 404 envelope. */
export const notFound = apiRoute({}, async () => {
  throw routeNotFound('Route');
});

export const handler = routeDispatcher({ health, openapi, notFound });
