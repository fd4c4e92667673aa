/**
 * The provenance gate of running text: sentences stating a figure that no cited source contains
 * are removed (and counted), everything else is kept as written; statistics are formatted in the
 * order the sections use them, within the content limit.
 */
import { describe, expect, it } from 'vitest';
import { CONTENT_LIMITS } from '../../content/document-content.ts';
import type { Draft } from './content-writing.ts';
import type { ResearchSource, ResearchStatistic } from './research-artifact.ts';
import {
  type FigureEvidence,
  figuresIn,
  filterDraft,
  formatStatistics,
  sentences,
  withoutUnsupportedFigures,
} from './statistics-integration.ts';

const evidence: FigureEvidence = {
  texts: new Map([
    [1, 'Our survey found that 47% of mid-market firms run AI in production, and costs fell 3.2x.'],
    [2, 'Spending will reach $1.2 billion by 2027.'],
  ]),
  values: ['18%'],
};

describe('figuresIn', () => {
  it('finds percentages, multiples and amounts, not years or counts', () => {
    expect(figuresIn('In 2025, 47% of 1,200 firms saw costs fall 3.2x and spend $1.2 billion.')).toEqual([
      '47%',
      '3.2x',
      '$1.2 billion',
    ]);
    expect(figuresIn('Three steps, 12 interviews and 2026 targets.')).toEqual([]);
  });
});

describe('sentences', () => {
  it('does not split at decimal points and keeps a trailing citation with its sentence', () => {
    expect(sentences('Costs fell 3.2x [1]. Adoption rose. [2] Then it stalled.')).toEqual([
      'Costs fell 3.2x [1]. ',
      'Adoption rose. [2] ',
      'Then it stalled.',
    ]);
  });
});

describe('withoutUnsupportedFigures', () => {
  it('keeps figures found in a cited source or among the verified statistics, drops the rest', () => {
    const removed = { count: 0 };
    const text =
      'Adoption reached 47% [1]. Costs fell 3.2x [1]. Spending hit $1.2 billion [2]. ' +
      'Only 18% measure ROI. Meanwhile 73% of CFOs expect more [1].\n\nA second paragraph without figures.';
    expect(withoutUnsupportedFigures(text, evidence, removed)).toBe(
      'Adoption reached 47% [1]. Costs fell 3.2x [1]. Spending hit $1.2 billion [2]. Only 18% measure ROI.\n\nA second paragraph without figures.',
    );
    expect(removed.count).toBe(1);
  });

  it('does not accept a figure from a source the sentence does not cite', () => {
    const removed = { count: 0 };
    expect(withoutUnsupportedFigures('Spending hit $1.2 billion [1].', evidence, removed)).toBe('');
    expect(removed.count).toBe(1);
  });
});

const draft = (paragraphs: string[]): Draft => ({
  title: 'T',
  subtitle: 'S',
  summary: 'Adoption reached 47% [1].',
  sections: [
    {
      number: 1,
      label: null,
      title: 'One',
      lead: 'A lead with 99% made up [1].',
      paragraphs,
      subheadings: [],
      callout: null,
      statistic_ids: [],
      quote_ids: [],
      chart: { include: false, type: 'bar' },
    },
  ],
  conclusion: { title: 'End', lead: 'Lead.', content: 'Content.', key_takeaways: ['One'], cta: 'Call.' },
});

describe('filterDraft', () => {
  it('filters every running text and falls back to the title for an emptied lead', () => {
    const removed = { count: 0 };
    const filtered = filterDraft(draft(['Fine [1].', 'Invented 55% [2].']), evidence, removed);
    expect(filtered.sections[0]?.paragraphs).toEqual(['Fine [1].']);
    expect(filtered.sections[0]?.lead).toBe('One');
    expect(removed.count).toBe(2);
  });

  it('fails with GEN_006 when a section has nothing left', () => {
    expect(() => filterDraft(draft(['Invented 55% [2].']), evidence, { count: 0 })).toThrow(
      expect.objectContaining({ name: 'GEN_006' }),
    );
  });
});

describe('formatStatistics', () => {
  const source: ResearchSource = {
    id: 1,
    url: 'https://example.org/a',
    title: 'Survey',
    domain: 'example.org',
    publisher: 'Example Institute',
    published_at: null,
    accessed_at: '2026-01-01T00:00:00Z',
    relevance_score: 1,
    snippet: '',
  };
  const statistic = (i: number, value = `${i}%`): ResearchStatistic => ({
    id: `stat_${i}`,
    value,
    label: `label ${i}`,
    context: null,
    type: 'percentage',
    source_id: 1,
  });

  it('formats in the order used, names the publisher, skips overlong values and keeps the limit', () => {
    const all = [...Array.from({ length: 15 }, (_, i) => statistic(i + 1)), statistic(99, 'x'.repeat(30))];
    const formatted = formatStatistics(
      ['stat_99', 'stat_3', ...all.map((each) => each.id)],
      new Map(all.map((each) => [each.id, each])),
      new Map([[1, source]]),
    );
    expect(formatted).toHaveLength(CONTENT_LIMITS.statistics);
    expect(formatted[0]).toMatchObject({
      id: 'stat_3',
      value: '3%',
      source: 'Example Institute',
      source_id: 1,
    });
    expect(new Set(formatted.map((each) => each.color_category)).size).toBe(3);
  });
});
