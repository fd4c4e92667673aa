/**
 * Charts come only from comparable verified figures: percentages of one source measuring the same
 * thing, one chart per section, valid for the renderer's chart schema.
 */
import { describe, expect, it } from 'vitest';
import { ChartSchema } from '../../content/document-content.ts';
import {
  comparableGroups,
  distinguish,
  percentageChart,
  percentValue,
  planCharts,
} from './chart-generation.ts';
import type { FormattedStatistic } from './statistics-integration.ts';

const stat = (id: string, value: string, label: string, source_id = 1): FormattedStatistic => ({
  id,
  value,
  label,
  context: null,
  type: 'percentage',
  display_type: 'callout',
  color_category: 'primary',
  source: 'Example Institute',
  source_url: 'https://example.org/a',
  source_id,
});

const segments = [
  stat('stat_1', '71%', 'of large enterprises have written outcome targets'),
  stat('stat_2', '58%', 'of mid-sized companies have written outcome targets'),
  stat('stat_3', '39%', 'of small businesses have written outcome targets'),
];

describe('distinguish', () => {
  it('reduces labels to the words that differ and returns the shared ones', () => {
    expect(distinguish(segments.map((each) => each.label))).toEqual({
      parts: ['large enterprises', 'mid-sized companies', 'small businesses'],
      shared: 'of have written outcome targets',
    });
  });
});

describe('percentValue', () => {
  it('reads percentages as written, and nothing else', () => {
    expect(percentValue('71%')).toBe(71);
    expect(percentValue('62 per cent')).toBe(62);
    expect(percentValue('$1.2 billion')).toBeNull();
  });
});

describe('comparableGroups', () => {
  it('groups percentages of one source by what they measure', () => {
    const groups = comparableGroups([
      ...segments,
      stat('stat_4', '64%', 'of leaders say outcomes secured their budget'),
      stat('stat_5', '45%', 'of large enterprises have written outcome targets', 2),
      stat('stat_6', '2.3x', 'more likely to succeed'),
    ]);
    expect(groups.map((group) => group.map((each) => each.id))).toEqual([['stat_1', 'stat_2', 'stat_3']]);
  });
});

describe('percentageChart', () => {
  it('is a valid horizontal bar chart citing the figures’ source', () => {
    const chart = percentageChart('chart_1', segments, 'Outcomes');
    expect(ChartSchema.parse(chart)).toMatchObject({
      type: 'bar_horizontal',
      title: 'Share of respondents that have written outcome targets',
      data: {
        labels: ['Large enterprises', 'Mid-sized companies', 'Small businesses'],
        values: [71, 58, 39],
      },
      unit: '%',
      source_id: 1,
    });
  });

  it('refuses figures whose labels cannot tell them apart', () => {
    const [first, second] = segments as [FormattedStatistic, FormattedStatistic];
    expect(percentageChart('chart_1', [first, { ...second, label: first.label }], 'X')).toBeNull();
  });
});

describe('planCharts', () => {
  it('makes at most one chart per section, numbered in order', () => {
    const planned = planCharts(
      [
        { number: 1, title: 'One', statistic_ids: ['stat_1', 'stat_2', 'stat_3'] },
        { number: 2, title: 'Two', statistic_ids: ['stat_4'] },
      ],
      [...segments, stat('stat_4', '64%', 'of leaders say outcomes secured their budget')],
    );
    expect(planned.map(({ section, chart }) => [section, chart.id])).toEqual([[1, 'chart_1']]);
    expect(planned[0]?.statistic_ids).toEqual(['stat_1', 'stat_2', 'stat_3']);
  });
});
