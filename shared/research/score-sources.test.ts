import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTHORITY, domainAuthority } from './domain-authority.ts';
import {
  conceptCoverage,
  contentTerms,
  recencyScore,
  researchDepth,
  scoreSources,
  selectSources,
  textSimilarity,
} from './score-sources.ts';
import type { DedupedHit } from './source-urls.ts';

const NOW = new Date('2025-11-20T12:00:00Z');

describe('domainAuthority', () => {
  it.each([
    ['mckinsey.com', 0.95],
    ['www.mckinsey.com', 0.95],
    ['hbr.org', 0.95],
    ['sloanreview.mit.edu', 0.92],
    ['news.mit.edu', 0.9],
    ['www2.deloitte.com', 0.9],
    ['bls.gov', 0.92],
    ['www.ons.gov.uk', 0.92],
    ['history.ox.ac.uk', 0.9],
    ['www.lse.ac.uk', 0.85],
    ['unknown-university.edu', 0.85],
    ['forbes.com', 0.75],
    ['medium.com', 0.4],
    ['someone.medium.com', 0.4],
    ['random-blog.io', DEFAULT_AUTHORITY],
    ['mckinsey.com.evil.io', DEFAULT_AUTHORITY],
    ['notmckinsey.com', DEFAULT_AUTHORITY],
    ['127.0.0.1', DEFAULT_AUTHORITY],
  ])('%s → %s', (hostname, score) => {
    expect(domainAuthority(hostname)).toBe(score);
  });

  it('takes a configured table', () => {
    expect(domainAuthority('client.example', { 'client.example': 0.99 })).toBe(0.99);
  });
});

describe('relevance parts', () => {
  const topic = contentTerms('Strategic AI Implementation for Mid-Market Companies');

  it('reduces text to stemmed content words', () => {
    expect([...contentTerms('The strategies of implementing AI in mid-market companies')]).toEqual([
      'strategy',
      'implement',
      'ai',
      'mid',
      'market',
      'company',
    ]);
  });

  it('measures the share of topic words a text contains', () => {
    expect(textSimilarity('AI implementation at mid-market companies: strategic lessons', topic)).toBe(1);
    expect(textSimilarity('AI in mid-market firms', topic)).toBeCloseTo(3 / 6);
    expect(textSimilarity('Ten recipes for sourdough', topic)).toBe(0);
    expect(textSimilarity('', topic)).toBe(0);
  });

  it('counts concepts named as phrases or by all of their words', () => {
    const concepts = ['AI strategy', 'implementation roadmap', 'ROI measurement', 'change management'];
    expect(conceptCoverage('Building an AI strategy: a roadmap for implementation', concepts)).toBe(0.5);
    expect(conceptCoverage('Measurement of ROI', concepts)).toBe(0.25);
    expect(conceptCoverage('anything', [])).toBe(0);
  });

  it('decays recency over a year, 0.5 when the age is unknown', () => {
    expect(recencyScore('November 20, 2025', NOW)).toBeCloseTo(1, 2);
    expect(recencyScore('2 days ago', NOW)).toBeCloseTo(1 - 2 / 365, 5);
    expect(recencyScore('May 24, 2025', NOW)).toBeCloseTo(1 - 180 / 365, 2);
    expect(recencyScore('2019-01-01', NOW)).toBe(0);
    expect(recencyScore(null, NOW)).toBe(0.5);
    expect(recencyScore('a while back', NOW)).toBe(0.5);
  });
});

const hit = (url: string, domain: string, extra: Partial<DedupedHit> = {}): DedupedHit => ({
  url,
  domain,
  title: '',
  snippet: '',
  page_age: null,
  queries: ['q'],
  ...extra,
});

describe('scoreSources', () => {
  const context = {
    topic: 'AI implementation strategies for mid-market companies',
    keyConcepts: ['AI strategy', 'ROI measurement'],
    now: NOW,
  };

  it('applies the PRD weights to the five components', () => {
    const [scored] = scoreSources(
      [
        hit('https://www.mckinsey.com/ai', 'mckinsey.com', {
          title: 'AI implementation strategies for mid-market companies',
          snippet: 'An AI strategy for mid-market companies, with ROI measurement.',
          page_age: 'November 20, 2025',
        }),
      ],
      { ...context, now: new Date('2025-11-20T00:00:00Z') },
    );
    expect(scored?.components).toEqual({
      authority: 0.95,
      title_relevance: 1,
      snippet_relevance: 5 / 6,
      concept_coverage: 1,
      recency: 1,
    });
    expect(scored?.score).toBeCloseTo(0.3 * 0.95 + 0.25 + 0.2 * (5 / 6) + 0.15 + 0.1, 4);
  });

  it('ranks relevant, authoritative, recent sources first and keeps discovery order on ties', () => {
    const ranked = scoreSources(
      [
        hit('https://blog.example/sourdough', 'blog.example', { title: 'Sourdough at home' }),
        hit('https://a.example/x', 'a.example', { title: 'Unrelated' }),
        hit('https://b.example/x', 'b.example', { title: 'Unrelated' }),
        hit('https://hbr.org/ai', 'hbr.org', {
          title: 'AI strategies for mid-market companies',
          snippet: 'How mid-market companies build an AI strategy',
          page_age: '3 weeks ago',
        }),
        hit('https://forbes.com/ai', 'forbes.com', {
          title: 'AI implementation strategies',
          page_age: '2021-01-01',
        }),
      ],
      context,
    );
    expect(ranked.map((each) => each.url)).toEqual([
      'https://hbr.org/ai',
      'https://forbes.com/ai',
      'https://blog.example/sourdough',
      'https://a.example/x',
      'https://b.example/x',
    ]);
  });
});

describe('selectSources', () => {
  const ranked = [
    { domain: 'a.com', score: 0.9, id: 1 },
    { domain: 'a.com', score: 0.89, id: 2 },
    { domain: 'a.com', score: 0.88, id: 3 },
    { domain: 'b.com', score: 0.7, id: 4 },
    { domain: 'a.com', score: 0.6, id: 5 },
    { domain: 'c.com', score: 0.5, id: 6 },
  ];

  it('caps sources per domain so others get a place, best first', () => {
    expect(selectSources(ranked, { limit: 4, perDomainCap: 2 }).map((each) => each.id)).toEqual([1, 2, 4, 6]);
  });

  it('fills the remaining places from capped domains when there are not enough others', () => {
    expect(selectSources(ranked, { limit: 5, perDomainCap: 1 }).map((each) => each.id)).toEqual(
      [1, 2, 4, 3, 6].sort(),
    );
  });

  it('returns everything when the limit exceeds the list and nothing for a zero limit', () => {
    expect(selectSources(ranked, { limit: 50 })).toHaveLength(6);
    expect(selectSources(ranked, { limit: 0 })).toEqual([]);
  });
});

describe('researchDepth', () => {
  it.each([
    [75, { target: 75, minimum: 37, candidates: 150, searches: 19 }],
    [5, { target: 20, minimum: 20, candidates: 40, searches: 5 }],
    [20, { target: 20, minimum: 20, candidates: 40, searches: 5 }],
    [300, { target: 300, minimum: 150, candidates: 500, searches: 60 }],
    [10_000, { target: 500, minimum: 250, candidates: 500, searches: 60 }],
    [Number.NaN, { target: 20, minimum: 20, candidates: 40, searches: 5 }],
  ])('estimate %s → %o', (estimate, depth) => {
    expect(researchDepth(estimate)).toEqual(depth);
  });
});
