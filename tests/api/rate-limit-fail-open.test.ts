/**
 * The rate limiter fails open: when its counters cannot be written (here: DynamoDB unreachable),
 * the request is served, unlimited and without `X-RateLimit-*` headers, and the failure is
 * logged as an error. No emulator runs in this file.
 */
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRoute } from '../../shared/http/api-route.ts';
import type { ApiContext, ApiEvent } from '../../shared/http/types.ts';
import { logger } from '../../shared/log.ts';

const saved = { ...process.env };

beforeAll(() => {
  // A closed port: every DynamoDB call fails at once with a connection error.
  process.env.AWS_ENDPOINT_URL_DYNAMODB = 'http://127.0.0.1:9';
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  process.env.AWS_MAX_ATTEMPTS = '1';
});
afterAll(() => {
  process.env = saved;
});

describe('rate limiter without its table (offline)', () => {
  it('serves the request unlimited and logs the failure', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    // A public `standard` route, so the limiter counts it per IP.
    const handler = apiRoute({}, async () => ({ data: 'served' }));
    const event = {
      version: '2.0',
      routeKey: 'GET /api/v1/plans',
      rawPath: '/api/v1/plans',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestContext: {
        http: {
          method: 'GET',
          path: '/api/v1/plans',
          protocol: 'HTTP/1.1',
          sourceIp: '203.0.113.7',
          userAgent: '',
        },
      },
    } as unknown as ApiEvent;
    const response = await handler(event, { awsRequestId: 'aws-1' } as Context as ApiContext);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).data).toBe('served');
    expect(Object.keys(response.headers).filter((name) => name.startsWith('X-RateLimit'))).toEqual([]);
    expect(logged).toHaveBeenCalledWith(
      'rate limit counters unavailable; request not limited',
      expect.objectContaining({ error: expect.any(Error) }),
    );
  });
});
