/**
 * The API skeleton through the local gateway against the emulators (connected): envelope,
 * request ids, error answers, CORS, OpenAPI, and one DynamoDB-backed route.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_CATALOGUE } from '../../shared/seed/catalogue.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';

let cloud: TestCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.destroy());

describe('system routes (connected)', () => {
  it('reports health of the table and the bucket in the PRD envelope with a request id', async () => {
    const response = await cloud.request('/api/v1/health');
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      success: true,
      data: { status: 'healthy', checks: { database: { status: 'ok' }, storage: { status: 'ok' } } },
      meta: { request_id: expect.stringMatching(/^req_/), timestamp: expect.any(String) },
    });
    expect(response.headers.get('x-request-id')).toBe(body.meta.request_id);
  });

  it('echoes a caller-supplied X-Request-ID', async () => {
    const response = await cloud.request('/api/v1/health', { headers: { 'X-Request-ID': 'trace-abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-abc-123');
    expect((await response.json()).meta.request_id).toBe('trace-abc-123');
  });

  it('answers unknown API routes and wrong methods with the 404 envelope', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/does-not-exist'],
      ['DELETE', '/api/v1/plans'],
      ['GET', '/api/v2/health'],
    ] as const) {
      const response = await cloud.request(path, { method });
      const body = await response.json();
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(body).toMatchObject({
        success: false,
        error: { code: 'RES_001' },
        meta: { request_id: expect.any(String) },
      });
      expect(response.headers.get('x-request-id')).toBe(body.meta.request_id);
    }
  });

  it('lists the four PRD plans with their exact limits', async () => {
    const body = await (await cloud.request('/api/v1/plans')).json();
    expect(body.data.map((plan: { name: string }) => plan.name)).toEqual(
      PLAN_CATALOGUE.map((plan) => plan.name),
    );
    expect(body.data).toContainEqual(
      expect.objectContaining({
        name: 'enterprise_annual',
        display_name: 'Enterprise (Annual)',
        price_cents: 2_000_000,
        max_seats: 200,
        max_templates: null,
        api_key_mode: 'included',
        included_api_credits_cents: 100_000,
      }),
    );
    expect(body.data).toContainEqual(
      expect.objectContaining({ name: 'pro_monthly', price_cents: 200_000, max_seats: 50, max_templates: 5 }),
    );
  });

  it('allows the dashboard origin through CORS and not others', async () => {
    const allowed = await cloud.request('/api/v1/plans', { headers: { Origin: cloud.url } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(cloud.url);
    const foreign = await cloud.request('/api/v1/plans', { headers: { Origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  it('publishes a valid OpenAPI 3.1 document covering every public route', async () => {
    const document = await (await cloud.request('/api/v1/openapi.json')).json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/health', '/api/v1/plans', '/api/v1/openapi.json']),
    );
    expect(
      document.paths['/api/v1/plans'].get.responses['200'].content['application/json'].schema.properties.data,
    ).toMatchObject({ type: 'array' });
  });

  it('rejects bodies over the 10 MB gateway limit before any handler runs', async () => {
    const response = await cloud.request('/api/v1/plans', {
      method: 'POST',
      body: 'x'.repeat(10 * 1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
  });
});
