import { afterEach, describe, expect, it } from 'vitest';
import type { ApiKeyPrincipal, UserPrincipal } from '../auth/request-identity.ts';
import { resetEnvCache } from '../config/env.ts';
import { rulesFor } from './limits.ts';

const user: UserPrincipal = {
  kind: 'user',
  sub: 'u-1',
  role: 'agency_admin',
  agency_id: 'a-1',
  client_id: null,
  email: 'owner@example.com',
  session_id: 's-1',
};
const key: ApiKeyPrincipal = {
  kind: 'api_key',
  key_id: 'k-1',
  agency_id: 'a-1',
  scopes: ['documents:read'],
  rate_limit_per_minute: 7,
  rate_limit_per_day: 70,
};
const summary = (rules: ReturnType<typeof rulesFor>) => rules.map(({ key, rule }) => [key, rule.limit]);

afterEach(() => {
  delete process.env.RATE_LIMIT_MULTIPLIER;
  resetEnvCache();
});

describe('rate-limit rules (offline)', () => {
  it('limits auth routes per IP, whoever calls', () => {
    for (const principal of [null, user, key])
      expect(summary(rulesFor('auth', principal, '203.0.113.7'))).toEqual([
        ['ip:203.0.113.7:auth', 20],
        ['ip:203.0.113.7:auth-hourly', 100],
      ]);
  });

  it('limits users per user, callers without credentials per IP', () => {
    expect(summary(rulesFor('standard', user, '203.0.113.7'))).toEqual([['user:u-1:standard', 100]]);
    expect(summary(rulesFor('standard', null, '203.0.113.7'))).toEqual([['ip:203.0.113.7:standard', 60]]);
    expect(summary(rulesFor('generate', user, '203.0.113.7'))).toEqual([['user:u-1:generate', 10]]);
  });

  it("limits API keys by their own limits, and generation also by the class's", () => {
    expect(summary(rulesFor('standard', key, '203.0.113.7'))).toEqual([
      ['api_key:k-1:minute', 7],
      ['api_key:k-1:day', 70],
    ]);
    expect(summary(rulesFor('generate', key, '203.0.113.7'))).toEqual([
      ['api_key:k-1:minute', 7],
      ['api_key:k-1:day', 70],
      ['api_key:k-1:generate', 10],
    ]);
  });

  it('leaves none-class routes unlimited', () => {
    expect(rulesFor('none', null, '203.0.113.7')).toEqual([]);
  });

  it('scales class limits by RATE_LIMIT_MULTIPLIER (at least 1), never a key’s own limits', () => {
    process.env.RATE_LIMIT_MULTIPLIER = '0.05';
    resetEnvCache();
    expect(summary(rulesFor('standard', null, '203.0.113.7'))).toEqual([['ip:203.0.113.7:standard', 3]]);
    expect(summary(rulesFor('generate', user, '203.0.113.7'))).toEqual([['user:u-1:generate', 1]]);
    expect(summary(rulesFor('standard', key, '203.0.113.7'))).toEqual([
      ['api_key:k-1:minute', 7],
      ['api_key:k-1:day', 70],
    ]);
  });
});
