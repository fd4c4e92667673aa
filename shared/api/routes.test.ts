import { describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from './routes.ts';

describe('route table (offline)', () => {
  it('has one row per route key', () => {
    const keys = ROUTES.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names every route module’s Lambda entry and the route’s own export', async () => {
    for (const route of ROUTES) {
      const module = (await import(/* @vite-ignore */ `../../${route.handler.module}`)) as Record<
        string,
        unknown
      >;
      expect(typeof module.handler, `${route.handler.module} handler`).toBe('function');
      expect(typeof module[route.handler.export], `${routeKey(route)} → ${route.handler.export}`).toBe(
        'function',
      );
    }
  });

  it('uses API Gateway path syntax under /api', () => {
    for (const route of ROUTES)
      expect(route.path).toMatch(/^\/api(\/[A-Za-z0-9_.-]+|\/\{[A-Za-z0-9_]+\+?\})+$/);
  });
});
