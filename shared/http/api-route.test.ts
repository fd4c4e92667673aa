import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoute, routeDispatcher } from './api-route.ts';
import { ApiError } from './errors.ts';
import type { ApiContext, ApiEvent } from './types.ts';

function event(overrides: Partial<ApiEvent> = {}): ApiEvent {
  return {
    version: '2.0',
    routeKey: 'POST /api/v1/things',
    rawPath: '/api/v1/things',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      http: {
        method: 'POST',
        path: '/api/v1/things',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: '',
      },
    },
    ...overrides,
  } as ApiEvent;
}

const context = () => ({ awsRequestId: 'aws-1' }) as Context as ApiContext;

const createThing = apiRoute(
  { body: z.object({ name: z.string().min(3), size: z.number().int().positive() }) },
  async ({ body }) => ({ status: 201, data: { created: body.name } }),
);

describe('apiRoute (offline)', () => {
  it('wraps the result in the PRD success envelope with a request id', async () => {
    const response = await createThing(event({ body: '{"name":"widget","size":2}' }), context());
    const body = JSON.parse(response.body);
    expect(response.statusCode).toBe(201);
    expect(body).toMatchObject({
      success: true,
      data: { created: 'widget' },
      meta: { request_id: expect.any(String) },
    });
    expect(response.headers['X-Request-ID']).toBe(body.meta.request_id);
  });

  it('keeps a well-formed caller request id', async () => {
    const response = await createThing(
      event({ body: '{"name":"widget","size":2}', headers: { 'x-request-id': 'trace-1234567' } }),
      context(),
    );
    expect(response.headers['X-Request-ID']).toBe('trace-1234567');
  });

  it('answers 400 VAL_003 for invalid JSON', async () => {
    const response = await createThing(event({ body: '{"name":' }), context());
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe('VAL_003');
  });

  it('answers 422 VAL_001 listing every bad field', async () => {
    const response = await createThing(event({ body: '{"name":"x","size":-1}' }), context());
    const body = JSON.parse(response.body);
    expect(response.statusCode).toBe(422);
    expect(body.error.code).toBe('VAL_001');
    expect(body.error.details.map((detail: { field: string }) => detail.field).sort()).toEqual([
      'name',
      'size',
    ]);
  });

  it('maps ApiError to its status and hides unknown errors without a stack', async () => {
    const conflict = apiRoute({}, async () => {
      throw new ApiError('BIZ_001');
    });
    const crash = apiRoute({}, async () => {
      throw new Error('secret internals at line 42');
    });
    const conflictResponse = await conflict(event(), context());
    expect(conflictResponse.statusCode).toBe(400);
    expect(JSON.parse(conflictResponse.body).error.code).toBe('BIZ_001');
    const crashResponse = await crash(event(), context());
    expect(crashResponse.statusCode).toBe(500);
    expect(crashResponse.body).not.toContain('secret internals');
    expect(JSON.parse(crashResponse.body).error.code).toBe('SYS_001');
  });
});

describe('routeDispatcher (offline)', () => {
  it('answers the 404 envelope for a route key it does not serve', async () => {
    const handler = routeDispatcher({});
    const response = await handler(event({ routeKey: 'GET /api/v1/unknown' }), context());
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body).error.code).toBe('RES_001');
  });
});
