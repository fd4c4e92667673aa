/**
 * Assembling `content_json`: sources numbered in order of first citation with markers rewritten,
 * unknown markers and uncitable items left out, texts fitted to the limits, and the result valid
 * against the content contract the renderer enforces.
 */
import { describe, expect, it } from 'vitest';
import { CONTENT_LIMITS, validateDocumentContent } from '../../content/document-content.ts';
import type { Draft } from './content-writing.ts';
import type { ResearchSource } from './research-artifact.ts';
import type { FormattedStatistic } from './statistics-integration.ts';
import { assembleDocumentContent, fitText, SourceNumbering } from './template-application.ts';

const source = (id: number): ResearchSource => ({
  id,
  url: `https://www.example.org/report-${id}`,
  title: `Report ${id}`,
  domain: 'example.org',
  publisher: id === 7 ? 'Example Institute' : null,
  published_at: '2025-04-30T08:00:00Z',
  accessed_at: '2026-01-02T10:00:00Z',
  relevance_score: 0.5,
  snippet: '',
});
const sources = new Map([3, 7, 9].map((id) => [id, source(id)]));

describe('SourceNumbering', () => {
  it('numbers sources by first citation and rewrites markers, dropping those it cannot number', () => {
    const numbering = new SourceNumbering(sources);
    expect(numbering.rewrite('First [7]. Then [3, 7] and [42].')).toBe('First [1]. Then [2, 1] and.');
    expect(numbering.rewrite('Unknown only [42], here.')).toBe('Unknown only, here.');
    expect(numbering.sources().map((each) => [each.id, each.url, each.domain])).toEqual([
      [1, 'https://www.example.org/report-7', 'example.org'],
      [2, 'https://www.example.org/report-3', 'example.org'],
    ]);
    expect(numbering.sources()[0]).toMatchObject({
      publisher: 'Example Institute',
      published_at: '2025-04-30',
    });
  });

  it('numbers at most the content limit of sources', () => {
    const many = new Map(Array.from({ length: 70 }, (_, i) => [i + 1, source(i + 1)]));
    const numbering = new SourceNumbering(many);
    const text = numbering.rewrite(Array.from({ length: 70 }, (_, i) => `Claim [${i + 1}].`).join(' '));
    expect(numbering.sources()).toHaveLength(CONTENT_LIMITS.sources);
    expect(text).toContain(`[${CONTENT_LIMITS.sources}]`);
    expect(text).not.toContain(`[${CONTENT_LIMITS.sources + 1}]`);
  });
});

describe('fitText', () => {
  it('cuts after the last whole sentence that fits, else at a word', () => {
    expect(fitText('One sentence here. Another one that is long.', 30)).toBe('One sentence here.');
    expect(fitText('alpha beta gamma delta', 14)).toBe('alpha beta…');
    expect(fitText('  short  ', 30)).toBe('short');
  });
});

describe('assembleDocumentContent', () => {
  const statistic: FormattedStatistic = {
    id: 'stat_4',
    value: '47%',
    label: 'of firms run AI in production',
    context: 'From a survey of 1,200 executives [9].',
    type: 'percentage',
    display_type: 'callout',
    color_category: 'primary',
    source: 'Report 9',
    source_url: 'https://www.example.org/report-9',
    source_id: 9,
  };
  const draft: Draft = {
    title: 'AI in the Mid-Market [3]',
    subtitle: 'What works',
    summary: 'Adoption is rising [7].',
    sections: [1, 2, 3].map((number) => ({
      number,
      label: number === 1 ? 'Strategy 1:' : null,
      title: `Section ${number}`,
      lead: `Lead ${number} [3].`,
      paragraphs: [`Paragraph ${number} [${number === 2 ? 42 : 7}].`],
      subheadings: [],
      callout: number === 3 ? { type: 'tip' as const, title: null, content: 'Start small.' } : null,
      statistic_ids: number === 1 ? ['stat_4', 'stat_missing'] : [],
      quote_ids: number === 2 ? ['quote_1'] : [],
      chart: { include: false, type: 'bar' },
    })),
    conclusion: {
      title: 'The Bottom Line',
      lead: 'Measure early [3].',
      content: 'Firms that measure scale faster.',
      key_takeaways: ['Start small'],
      cta: 'Talk to us [7].',
    },
  };

  it('is valid content whose sources are exactly those cited, in order', () => {
    const content = assembleDocumentContent({
      draft,
      statistics: [statistic],
      charts: [],
      research: {
        sources: [...sources.values()],
        quotes: [
          {
            id: 'quote_1',
            text: 'Treat AI as an operating model change',
            attribution: 'Dana Whitfield',
            role: null,
            source_id: 3,
          },
        ],
      },
      sample: true,
      generatedAt: '2026-01-02T10:00:00.000Z',
    });
    const result = validateDocumentContent(content);
    expect(result.ok, JSON.stringify(result.ok ? [] : result.issues)).toBe(true);
    expect(content.summary).toBe('Adoption is rising [1].');
    expect(content.title).toBe('AI in the Mid-Market');
    expect(content.conclusion.cta).toBe('Talk to us.');
    expect(content.sections[1]?.paragraphs).toEqual(['Paragraph 2.']);
    expect(content.sources.map((each) => each.url)).toEqual([
      'https://www.example.org/report-7',
      'https://www.example.org/report-3',
      'https://www.example.org/report-9',
    ]);
    expect(content.statistics).toEqual([
      expect.objectContaining({
        id: 'stat_4',
        source_id: 3,
        context: 'From a survey of 1,200 executives [3].',
      }),
    ]);
    expect(content.sections[0]?.statistic_ids).toEqual(['stat_4']);
    expect(content.quotes).toEqual([
      expect.objectContaining({ id: 'quote_1', source_id: 2, source: 'Report 3' }),
    ]);
    expect(content.metadata).toMatchObject({ sample: true, language: 'en' });
    expect(content.metadata.word_count).toBeGreaterThan(20);
  });

  it('shows a statistic or quote several sections used once, in the first of them', () => {
    const quote = {
      id: 'quote_1',
      text: 'Measure early',
      attribution: 'Dana Whitfield',
      role: null,
      source_id: 3,
    };
    const content = assembleDocumentContent({
      draft: {
        ...draft,
        sections: draft.sections.map((section) => ({
          ...section,
          statistic_ids: ['stat_4', 'stat_4'],
          quote_ids: ['quote_1'],
        })),
      },
      statistics: [statistic],
      charts: [],
      research: { sources: [...sources.values()], quotes: [quote] },
      sample: true,
      generatedAt: '2026-01-02T10:00:00.000Z',
    });
    const result = validateDocumentContent(content);
    expect(result.ok, JSON.stringify(result.ok ? [] : result.issues)).toBe(true);
    expect(content.statistics.map((each) => each.id)).toEqual(['stat_4']);
    expect(content.quotes.map((each) => each.id)).toEqual(['quote_1']);
    expect(content.sections.map((section) => [section.statistic_ids, section.quote_ids])).toEqual([
      [['stat_4'], ['quote_1']],
      [[], []],
      [[], []],
    ]);
  });
});
