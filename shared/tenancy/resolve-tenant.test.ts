import { describe, expect, it } from 'vitest';
import { hostName, subdomainSlug } from './resolve-tenant.ts';

describe('host parsing (offline)', () => {
  it.each([
    ['Demo.LOCALHOST:3000', 'demo.localhost'],
    ['content.acme.com.', 'content.acme.com'],
    ['[::1]:3000', '[::1]'],
  ])('hostName(%j) = %j', (header, expected) => {
    expect(hostName(header)).toBe(expected);
  });

  it('finds the agency slug of a platform subdomain only', () => {
    expect(subdomainSlug('demo.contentstrategist.com', 'contentstrategist.com')).toBe('demo');
    expect(subdomainSlug('contentstrategist.com', 'contentstrategist.com')).toBeNull();
    expect(subdomainSlug('a.b.contentstrategist.com', 'contentstrategist.com')).toBeUndefined();
    expect(subdomainSlug('-bad.contentstrategist.com', 'contentstrategist.com')).toBeUndefined();
    expect(subdomainSlug('content.acme.com', 'contentstrategist.com')).toBeUndefined();
    expect(subdomainSlug('evilcontentstrategist.com', 'contentstrategist.com')).toBeUndefined();
  });
});
