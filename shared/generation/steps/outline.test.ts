/**
 * The outline is brought within bounds rather than rejected: the template's section limit,
 * reasonable lengths, and only statistics, sources and quotes the research verified.
 */
import { describe, expect, it } from 'vitest';
import { normaliseOutline, type Outline } from './outline.ts';

const section = (title: string, statistics: string[], sources: number[]): Outline['sections'][number] => ({
  label: null,
  title,
  key_point: 'Point',
  subsections: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
  statistics_to_include: statistics,
  source_ids: sources,
  include_chart: false,
  chart_type: 'bar',
  include_callout: true,
  callout_type: 'tip',
  estimated_word_count: 5000,
});

describe('normaliseOutline', () => {
  it('numbers and caps sections, clamps lengths and keeps only what the research has', () => {
    const outline: Outline = {
      title: 'T',
      subtitle: 'S',
      executive_summary_points: ['p'],
      sections: [
        section('One', ['stat_1', 'stat_9', 'stat_1'], [1, 99]),
        section('Two', [], [2]),
        section('Three', ['stat_2'], []),
        section('Four', [], []),
      ],
      conclusion: {
        title: 'End',
        key_takeaways: Array.from({ length: 9 }, (_, i) => `t${i}`),
        call_to_action: 'Go',
      },
      quotes_placement: [
        { quote_id: 'quote_1', section: 2 },
        { quote_id: 'quote_1', section: 3 },
        { quote_id: 'quote_2', section: 1 },
        { quote_id: 'quote_3', section: 4 },
      ],
    };
    const normalised = normaliseOutline(outline, 3, {
      statistics: new Set(['stat_1', 'stat_2']),
      sources: new Set([1, 2]),
      quotes: new Set(['quote_1', 'quote_3']),
    });
    expect(normalised.sections.map((each) => [each.number, each.title])).toEqual([
      [1, 'One'],
      [2, 'Two'],
      [3, 'Three'],
    ]);
    expect(normalised.sections[0]).toMatchObject({
      statistics_to_include: ['stat_1'],
      source_ids: [1],
      estimated_word_count: 700,
    });
    expect(normalised.sections[0]?.subsections).toHaveLength(6);
    expect(normalised.conclusion.key_takeaways).toHaveLength(7);
    expect(normalised.quotes_placement).toEqual([{ quote_id: 'quote_1', section: 2 }]);
  });
});
