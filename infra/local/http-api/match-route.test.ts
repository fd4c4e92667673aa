import { describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../../../shared/api/routes.ts';
import { routeMatcher } from './match-route.ts';

const route = (method: RouteDefinition['method'], path: string): RouteDefinition => ({
  method,
  path,
  handler: { module: 'functions/api/x.ts', export: path },
  permission: null,
  rateLimit: 'none',
  summary: '',
  tag: 'x',
});

describe('routeMatcher (offline)', () => {
  const match = routeMatcher([
    route('ANY', '/api/{proxy+}'),
    route('GET', '/api/v1/clients/{id}'),
    route('GET', '/api/v1/clients/archived'),
    route('POST', '/api/v1/clients'),
  ]);

  it('prefers literal segments over parameters and parameters over greedy paths', () => {
    expect(match('GET', '/api/v1/clients/archived')?.route.path).toBe('/api/v1/clients/archived');
    expect(match('GET', '/api/v1/clients/abc')).toMatchObject({
      route: { path: '/api/v1/clients/{id}' },
      pathParameters: { id: 'abc' },
    });
    expect(match('GET', '/api/v1/nope/deeper')).toMatchObject({
      pathParameters: { proxy: 'v1/nope/deeper' },
    });
  });

  it('falls back to ANY when the method does not match and decodes parameters', () => {
    expect(match('DELETE', '/api/v1/clients')?.route.method).toBe('ANY');
    expect(match('GET', '/api/v1/clients/a%20b')?.pathParameters).toEqual({ id: 'a b' });
  });

  it('matches nothing outside the table', () => {
    expect(match('GET', '/files/x')).toBeUndefined();
  });
});
