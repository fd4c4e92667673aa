import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../config/env.ts';
import { SourceReadError } from './source-reader.ts';
import {
  createSsrfGuard,
  fetchAllowlistFromEnv,
  type HostLookup,
  pinnedLookup,
  refusedAddressReason,
} from './ssrf-guard.ts';

const resolvesTo =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(promise: Promise<unknown>): Promise<SourceReadError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SourceReadError);
  return error as SourceReadError;
}

describe('refusedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.1.2.3', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.254', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['100.64.0.1', 'a shared (CGNAT) address'],
    ['169.254.169.254', 'a cloud metadata endpoint'],
    ['169.254.170.2', 'a cloud metadata endpoint'],
    ['fd00:ec2::254', 'a cloud metadata endpoint'],
    ['100.100.100.200', 'a cloud metadata endpoint'],
    ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fc00::1', 'a unique-local address'],
    ['fd12:3456::1', 'a unique-local address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['255.255.255.255', 'a reserved or documentation address'],
    ['192.0.2.10', 'a reserved or documentation address'],
    ['2002:a00:1::', 'a reserved or documentation address'],
    ['::ffff:8.8.8.8', 'an IPv4-mapped or translated IPv6 address'],
    ['64:ff9b::a00:1', 'an IPv4-mapped or translated IPv6 address'],
  ])('refuses %s as %s', (address, reason) => {
    expect(refusedAddressReason(address)).toBe(reason);
  });

  it('refuses IPv4-mapped forms of private addresses whatever their spelling', () => {
    expect(refusedAddressReason('::ffff:127.0.0.1')).not.toBeNull();
    expect(refusedAddressReason('::ffff:a9fe:a9fe')).not.toBeNull();
  });

  it.each([
    '8.8.8.8',
    '93.184.215.14',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '2a00:1450:4001::200e',
  ])('lets the public address %s through', (address) => {
    expect(refusedAddressReason(address)).toBeNull();
  });
});

describe('createSsrfGuard', () => {
  it('pins a public hostname to the address it checked', async () => {
    const guard = createSsrfGuard({ lookup: resolvesTo('93.184.215.14', '2606:2800::1') });
    await expect(guard.check(new URL('https://example.com/a'))).resolves.toEqual({
      hostname: 'example.com',
      port: 443,
      address: '93.184.215.14',
      family: 4,
    });
  });

  it.each([
    ['a private address', resolvesTo('10.0.0.7')],
    ['the metadata endpoint', resolvesTo('169.254.169.254')],
    ['one private address among public ones', resolvesTo('93.184.215.14', '192.168.0.10')],
    ['IPv6 loopback', resolvesTo('::1')],
  ])('refuses a hostname resolving to %s', async (_case, lookup) => {
    const error = await refusal(createSsrfGuard({ lookup }).check(new URL('http://innocent.example/x')));
    expect(error.reason).toBe('blocked_address');
    expect(error.message).toContain('innocent.example resolves to');
  });

  it.each([
    'http://127.0.0.1/',
    'http://[::1]:8080/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/', // 127.0.0.1 as one number, which URL parsing normalises
    'http://0x7f.1/',
    'http://10.0.0.1:9000/',
  ])('refuses the literal address in %s without asking DNS', async (url) => {
    const guard = createSsrfGuard({
      lookup: async () => {
        throw new Error('DNS must not be asked for a literal address');
      },
    });
    expect((await refusal(guard.check(new URL(url)))).reason).toBe('blocked_address');
  });

  it.each([
    'file:///etc/passwd',
    'ftp://example.com/x',
    'gopher://example.com/',
    'data:text/html,hi',
    'javascript:alert(1)',
  ])('refuses the scheme of %s', async (url) => {
    const error = await refusal(createSsrfGuard({ lookup: resolvesTo('93.184.215.14') }).check(new URL(url)));
    expect(error.reason).toBe('blocked_address');
    expect(error.message).toMatch(/Only http and https/);
  });

  it('refuses URLs carrying credentials', async () => {
    const guard = createSsrfGuard({ lookup: resolvesTo('93.184.215.14') });
    expect((await refusal(guard.check(new URL('http://user:pw@example.com/')))).reason).toBe(
      'blocked_address',
    );
  });

  it('reports a host that does not resolve as a network error', async () => {
    const guard = createSsrfGuard({
      lookup: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
      },
    });
    expect((await refusal(guard.check(new URL('http://nowhere.invalid/')))).reason).toBe('network_error');
  });

  it('lets an allowlisted loopback endpoint through on its port only', async () => {
    const guard = createSsrfGuard({
      allowedHosts: ['127.0.0.1:4312', '[::1]:4313'],
      lookup: resolvesTo('127.0.0.1'),
    });
    await expect(guard.check(new URL('http://127.0.0.1:4312/page'))).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    await expect(guard.check(new URL('http://fake-web.test:4312/page'))).resolves.toMatchObject({
      port: 4312,
    });
    await expect(guard.check(new URL('http://[::1]:4313/'))).resolves.toMatchObject({
      address: '::1',
      family: 6,
    });
    expect((await refusal(guard.check(new URL('http://127.0.0.1:4399/')))).reason).toBe('blocked_address');
    expect((await refusal(guard.check(new URL('http://127.0.0.1/')))).reason).toBe('blocked_address');
    expect((await refusal(guard.check(new URL('http://127.0.0.2:4312/')))).reason).toBe('blocked_address');
  });

  it.each([
    '10.0.0.1:80',
    '169.254.169.254:80',
    '8.8.8.8:53',
    'localhost:4312',
    '127.0.0.1',
    '127.0.0.1:0',
    '*',
  ])('refuses to allowlist %s', (entry) => {
    expect(() => createSsrfGuard({ allowedHosts: [entry] })).toThrow(/allowlist entry/);
  });
});

describe('fetchAllowlistFromEnv', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it('reads comma-separated entries', () => {
    process.env.RESEARCH_FETCH_ALLOWLIST = '127.0.0.1:4312, [::1]:4313';
    resetEnvCache();
    expect(fetchAllowlistFromEnv()).toEqual(['127.0.0.1:4312', '[::1]:4313']);
  });

  it('is refused inside AWS Lambda', () => {
    process.env.RESEARCH_FETCH_ALLOWLIST = '127.0.0.1:9001';
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'web-research';
    resetEnvCache();
    expect(() => fetchAllowlistFromEnv()).toThrow(/refused inside AWS Lambda/);
  });

  it('is empty by default, also inside Lambda', () => {
    delete process.env.RESEARCH_FETCH_ALLOWLIST;
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'web-research';
    resetEnvCache();
    expect(fetchAllowlistFromEnv()).toEqual([]);
  });
});

describe('pinnedLookup', () => {
  it('answers with the pinned address in both callback shapes', () => {
    const lookup = pinnedLookup({ address: '93.184.215.14', family: 4 });
    const single: unknown[] = [];
    const all: unknown[] = [];
    lookup('example.com', {}, (...args: unknown[]) => single.push(...args));
    lookup('example.com', { all: true }, (...args: unknown[]) => all.push(...args));
    expect(single).toEqual([null, '93.184.215.14', 4]);
    expect(all).toEqual([null, [{ address: '93.184.215.14', family: 4 }]]);
  });
});
