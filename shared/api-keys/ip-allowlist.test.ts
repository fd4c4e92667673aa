import { describe, expect, it } from 'vitest';
import { ipAllowed, isIpRule } from './ip-allowlist.ts';

describe('API-key IP allowlist (offline)', () => {
  it('accepts addresses and CIDR ranges of both families', () => {
    for (const rule of [
      '203.0.113.7',
      '10.0.0.0/8',
      '0.0.0.0/0',
      '192.168.1.5/32',
      '::1',
      '2001:db8::/32',
      '::/0',
    ])
      expect(isIpRule(rule), rule).toBe(true);
  });

  it('rejects malformed entries, out-of-range prefixes and zone ids', () => {
    for (const rule of [
      '',
      'localhost',
      '10.0.0',
      '10.0.0.256',
      '010.0.0.1',
      '10.0.0.0/33',
      '10.0.0.0/',
      '10.0.0.0/8/8',
      '10.0.0.0/-1',
      '10.0.0.0/ 8',
      '2001:db8::/129',
      'fe80::1%eth0',
      '2001:db8::g',
    ])
      expect(isIpRule(rule), rule).toBe(false);
  });

  it('allows everyone when there is no allowlist', () => {
    expect(ipAllowed('198.51.100.1', undefined)).toBe(true);
  });

  it('matches IPv4 addresses against single addresses and ranges', () => {
    const rules = ['127.0.0.0/8', '203.0.113.7'];
    expect(ipAllowed('127.0.0.1', rules)).toBe(true);
    expect(ipAllowed('127.255.255.255', rules)).toBe(true);
    expect(ipAllowed('203.0.113.7', rules)).toBe(true);
    expect(ipAllowed('203.0.113.8', rules)).toBe(false);
    expect(ipAllowed('128.0.0.1', rules)).toBe(false);
  });

  it('matches IPv6 addresses, and IPv4-mapped IPv6 addresses against IPv4 ranges', () => {
    const rules = ['2001:db8::/32', '10.0.0.0/8'];
    expect(ipAllowed('2001:db8:ffff::1', rules)).toBe(true);
    expect(ipAllowed('2001:db9::1', rules)).toBe(false);
    expect(ipAllowed('::ffff:10.1.2.3', rules)).toBe(true);
    expect(ipAllowed('::ffff:11.1.2.3', rules)).toBe(false);
  });

  it('never lets an unknown or malformed caller address through a present allowlist', () => {
    expect(ipAllowed(undefined, ['0.0.0.0/0'])).toBe(false);
    expect(ipAllowed('not-an-ip', ['0.0.0.0/0', '::/0'])).toBe(false);
    expect(ipAllowed('10.0.0.1', [])).toBe(false);
  });
});
