import { describe, expect, it } from 'vitest';
import type { CountedWindow } from './counters.ts';
import { decide } from './counters.ts';
import { ipSubject } from './ip-subject.ts';
import { fixedWindow, remainingRequests, retryAfterSeconds } from './window.ts';

const at = (iso: string) => Date.parse(iso);

describe('fixed windows (offline)', () => {
  it('aligns minute, hour and day windows to the epoch (days at 00:00 UTC)', () => {
    const now = at('2026-03-14T15:09:26.535Z');
    expect(fixedWindow(now, 60)).toEqual({
      start: at('2026-03-14T15:09:00Z') / 1000,
      resetAt: at('2026-03-14T15:10:00Z') / 1000,
    });
    expect(fixedWindow(now, 3600).start).toBe(at('2026-03-14T15:00:00Z') / 1000);
    expect(fixedWindow(now, 86_400)).toEqual({
      start: at('2026-03-14T00:00:00Z') / 1000,
      resetAt: at('2026-03-15T00:00:00Z') / 1000,
    });
  });

  it('puts the first instant of a window in it and the last one in the window before', () => {
    const boundary = at('2026-03-14T15:10:00Z');
    expect(fixedWindow(boundary, 60).start).toBe(boundary / 1000);
    expect(fixedWindow(boundary - 1, 60).resetAt).toBe(boundary / 1000);
  });

  it('rounds Retry-After up to whole seconds and never answers 0', () => {
    const resetAt = at('2026-03-14T15:10:00Z') / 1000;
    expect(retryAfterSeconds(resetAt, at('2026-03-14T15:09:26.535Z'))).toBe(34);
    expect(retryAfterSeconds(resetAt, at('2026-03-14T15:09:59.999Z'))).toBe(1);
    expect(retryAfterSeconds(resetAt, at('2026-03-14T15:10:00.000Z'))).toBe(1);
  });

  it('counts remaining requests down to zero, never below', () => {
    expect(remainingRequests(3, 1)).toBe(2);
    expect(remainingRequests(3, 3)).toBe(0);
    expect(remainingRequests(3, 7)).toBe(0);
  });
});

describe('rate-limit decision (offline)', () => {
  const now = at('2026-03-14T15:09:30Z');
  const counter = (name: string, limit: number, windowSeconds: number, count: number): CountedWindow => {
    const { start, resetAt } = fixedWindow(now, windowSeconds);
    return {
      key: `api_key:k:${name}`,
      rule: { name, limit, windowSeconds },
      count,
      windowStart: start,
      resetAt,
    };
  };

  it('allows within every limit and reports the counter with the fewest requests left', () => {
    const decision = decide([counter('minute', 60, 60, 10), counter('day', 100, 86_400, 95)], now);
    expect(decision.limited).toBe(false);
    expect(decision.headers).toEqual({
      'X-RateLimit-Limit': '100',
      'X-RateLimit-Remaining': '5',
      'X-RateLimit-Reset': String(at('2026-03-15T00:00:00Z') / 1000),
    });
  });

  it('allows the request that takes the last slot and refuses the next one', () => {
    expect(decide([counter('minute', 3, 60, 3)], now).limited).toBe(false);
    const refused = decide([counter('minute', 3, 60, 4)], now);
    expect(refused.limited).toBe(true);
    expect(refused.retryAfter).toBe(30);
    expect(refused.headers).toMatchObject({ 'X-RateLimit-Remaining': '0', 'Retry-After': '30' });
  });

  it('when several limits are exceeded, retries after the one that ends last', () => {
    const refused = decide([counter('minute', 3, 60, 9), counter('day', 5, 86_400, 9)], now);
    expect(refused.retryAfter).toBe(at('2026-03-15T00:00:00Z') / 1000 - now / 1000);
    expect(refused.headers['X-RateLimit-Limit']).toBe('5');
  });

  it('adds no headers when no rule applies', () => {
    expect(decide([], now)).toEqual({ limited: false, headers: {} });
  });
});

describe('per-IP subjects (offline)', () => {
  it('counts IPv4 addresses singly and IPv6 addresses by /64 network', () => {
    expect(ipSubject('203.0.113.7')).toBe('203.0.113.7');
    expect(ipSubject('2001:db8:1:2:a:b:c:d')).toBe('2001:db8:1:2::/64');
    expect(ipSubject('2001:DB8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(ipSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipSubject('::1')).toBe('0:0:0:0::/64');
  });

  it('counts an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(ipSubject('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(ipSubject('::ffff:cb00:7107')).toBe('203.0.113.7');
  });
});
