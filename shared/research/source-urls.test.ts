import { describe, expect, it } from 'vitest';
import type { WebSearchHit } from '../llm/model-gateway.ts';
import { dedupeHits, normaliseSourceUrl, sourceDomain, sourceKey } from './source-urls.ts';

describe('normaliseSourceUrl', () => {
  it.each([
    ['HTTPS://WWW.McKinsey.COM/Insights/AI/', 'https://www.mckinsey.com/Insights/AI'],
    ['https://hbr.org:443/2024/05/ai#section-2', 'https://hbr.org/2024/05/ai'],
    ['http://example.com:80/', 'http://example.com/'],
    ['http://example.com:8080/a/', 'http://example.com:8080/a'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com//', 'https://example.com/'],
    [
      'https://example.com/report?utm_source=x&UTM_Medium=y&id=7&gclid=abc&fbclid=def&page=2',
      'https://example.com/report?id=7&page=2',
    ],
    ['https://example.com/report?b=2&a=1', 'https://example.com/report?a=1&b=2'],
    ['https://example.com/report?utm_campaign=z', 'https://example.com/report'],
    ['https://user:pw@example.com/x', 'https://example.com/x'],
    ['  https://example.com/x  ', 'https://example.com/x'],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseSourceUrl(raw)).toBe(expected);
  });

  it.each(['not a url', '/relative/path', 'ftp://example.com/x', 'javascript:alert(1)', 'mailto:a@b.c'])(
    'rejects %s',
    (raw) => {
      expect(normaliseSourceUrl(raw)).toBeNull();
    },
  );
});

describe('sourceKey and sourceDomain', () => {
  it('treats scheme, www, tracking parameters and trailing slashes as the same source', () => {
    const keys = [
      'http://www.example.com/a/',
      'https://example.com/a?utm_source=newsletter',
      'https://EXAMPLE.com/a#top',
      'https://www.example.com:443/a',
    ].map(sourceKey);
    expect(new Set(keys).size).toBe(1);
  });

  it('keeps different paths, queries and ports apart', () => {
    expect(sourceKey('https://example.com/a')).not.toBe(sourceKey('https://example.com/b'));
    expect(sourceKey('https://example.com/a?id=1')).not.toBe(sourceKey('https://example.com/a?id=2'));
    expect(sourceKey('https://example.com:8443/a')).not.toBe(sourceKey('https://example.com/a'));
    expect(sourceKey('https://a.example.com/x')).not.toBe(sourceKey('https://b.example.com/x'));
  });

  it('names the domain without www', () => {
    expect(sourceDomain('https://www.mckinsey.com/x')).toBe('mckinsey.com');
    expect(sourceDomain('https://www2.deloitte.com/x')).toBe('deloitte.com');
    expect(sourceDomain('https://sloanreview.mit.edu/x')).toBe('sloanreview.mit.edu');
    expect(sourceDomain('nonsense')).toBe('');
  });
});

describe('dedupeHits', () => {
  const hit = (url: string, query: string, extra: Partial<WebSearchHit> = {}): WebSearchHit => ({
    url,
    title: 'AI adoption',
    snippet: '',
    page_age: null,
    query,
    ...extra,
  });

  it('merges the same page found by several queries, keeping the best title, snippet and every query', () => {
    const merged = dedupeHits([
      hit('http://www.example.com/ai?utm_source=google', 'ai adoption', { title: 'AI adoption…' }),
      hit('https://other.org/report', 'ai adoption', { snippet: 'Other report' }),
      hit('https://example.com/ai/', 'mid-market ai', {
        title: 'AI adoption in the mid-market',
        snippet: '47% of firms',
        page_age: 'April 30, 2025',
      }),
      hit('https://example.com/ai#results', 'ai roi', { snippet: '47%', page_age: 'May 1, 2025' }),
      hit('https://example.com/ai', 'ai adoption'),
    ]);
    expect(merged).toEqual([
      {
        url: 'https://example.com/ai',
        domain: 'example.com',
        title: 'AI adoption in the mid-market',
        snippet: '47% of firms',
        page_age: 'April 30, 2025',
        queries: ['ai adoption', 'mid-market ai', 'ai roi'],
      },
      {
        url: 'https://other.org/report',
        domain: 'other.org',
        title: 'AI adoption',
        snippet: 'Other report',
        page_age: null,
        queries: ['ai adoption'],
      },
    ]);
  });

  it('drops hits that are not http(s) URLs', () => {
    expect(dedupeHits([hit('javascript:alert(1)', 'q'), hit('nonsense', 'q')])).toEqual([]);
  });
});
