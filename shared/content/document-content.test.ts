import { describe, expect, it } from 'vitest';
import {
  citedSourceIds,
  formatPath,
  parseDocumentContent,
  splitCitations,
  validateDocumentContent,
} from './document-content.ts';
import { SAMPLE_CONTENT_INPUT, sampleContent } from './sample-content.ts';

/** A mutable deep copy of the sample input, typed loosely so tests can break it. */
// biome-ignore lint/suspicious/noExplicitAny: tests deliberately build invalid content
function sample(): any {
  return structuredClone(SAMPLE_CONTENT_INPUT);
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = validateDocumentContent(input);
  if (result.ok) throw new Error('Expected the content to be invalid');
  return result.issues;
}

describe('document content', () => {
  it('validates the sample, marked as sample, with defaults filled in', () => {
    const content = sampleContent();
    expect(content.metadata.sample).toBe(true);
    expect(content.sections).toHaveLength(4);
    expect(content.charts.map((chart) => chart.type).sort()).toEqual(
      ['bar_horizontal', 'bar_vertical', 'comparison', 'donut', 'line'].sort(),
    );
    expect(new Set(content.sections.flatMap((s) => (s.callout ? [s.callout.type] : [])))).toEqual(
      new Set(['tip', 'warning', 'note', 'example']),
    );
    expect(content.sources.every((source) => /example\.(com|org|net)$/.test(source.domain))).toBe(true);
    expect(content.statistics.every((statistic) => typeof statistic.value === 'string')).toBe(true);
  });

  it('accepts content without statistics, charts, quotes or tables (sources pruned to those cited)', () => {
    const input = sample();
    input.statistics = [];
    input.charts = [];
    input.quotes = [];
    input.tables = [];
    for (const section of input.sections) {
      section.statistic_ids = [];
      section.chart_ids = [];
      section.quote_ids = [];
      section.table_ids = [];
    }
    expect(validateDocumentContent(input).ok).toBe(true);
  });

  it('rejects an inline citation of a missing source at its paragraph', () => {
    const input = sample();
    input.sections[1].paragraphs[0] = 'Unsupported claim [9].';
    expect(issuesOf(input)).toContainEqual({
      path: 'sections[1].paragraphs[0]',
      message: 'Cites source 9, which is not in sources',
    });
  });

  it('rejects dangling source ids on statistics, charts, quotes and tables', () => {
    const input = sample();
    input.statistics[0].source_id = 42;
    input.charts[2].source_id = 43;
    input.quotes[1].source_id = 44;
    input.tables[0].source_id = 45;
    const paths = issuesOf(input).map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'statistics[0].source_id',
        'charts[2].source_id',
        'quotes[1].source_id',
        'tables[0].source_id',
      ]),
    );
  });

  it('rejects uncited sources, out-of-order numbering, a mismatched domain and source_url', () => {
    const input = sample();
    input.sources.push({
      id: 7,
      title: 'Never cited',
      url: 'https://other.example.com/x',
      domain: 'example.org',
      accessed_at: '2026-01-02T10:15:00Z',
    });
    input.statistics[0].source_url = 'https://elsewhere.example.com/';
    const issues = issuesOf(input);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'sources[5].id', message: 'Sources are numbered in order: expected 6' },
        {
          path: 'sources[5].domain',
          message: "Domain example.org does not match the URL's host other.example.com",
        },
        { path: 'sources[5]', message: 'Source 7 is never cited' },
        { path: 'statistics[0].source_url', message: 'Differs from the URL of source 1' },
      ]),
    );
  });

  it('rejects an empty section, a section without paragraphs and no sections at all', () => {
    const input = sample();
    input.sections[2].paragraphs = [];
    input.sections[3].title = '   ';
    const issues = issuesOf(input);
    expect(issues).toContainEqual({
      path: 'sections[2].paragraphs',
      message: 'A section needs at least one paragraph',
    });
    expect(issues).toContainEqual({ path: 'sections[3].title', message: 'Must not be empty' });

    const none = sample();
    none.sections = [];
    expect(issuesOf(none).map((issue) => issue.path)).toContain('sections');
  });

  it('rejects placements of unknown items and duplicate ids', () => {
    const input = sample();
    input.sections[0].chart_ids = ['chart_1', 'chart_99'];
    input.quotes[1].id = 'quote_1';
    const issues = issuesOf(input);
    expect(issues).toContainEqual({
      path: 'sections[0].chart_ids[1]',
      message: 'No charts item has id chart_99',
    });
    expect(issues).toContainEqual({ path: 'quotes[1].id', message: 'Duplicate id quote_1' });
  });

  it('rejects chart data that does not fit its type', () => {
    const input = sample();
    input.charts[0].data.values = [1, 2, 3]; // four labels
    input.charts[1].data.values = [60, -15, 15, 10]; // donut with a negative slice
    input.charts[2].data.series[1].values = [1, 2]; // line series too short
    input.charts[3].data.values = [1, Number.NaN, 3];
    input.charts[4].data.series.pop(); // comparison with one series
    const issues = issuesOf(input);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'charts[0].data.values', message: 'Has 3 values for 4 labels; give one value per label' },
        { path: 'charts[1].data.values[1]', message: 'Donut values must not be negative' },
        {
          path: 'charts[2].data.series[1].values',
          message: 'Has 2 values for 4 labels; give one value per label',
        },
        { path: 'charts[4].data.series', message: 'A comparison chart needs exactly two series, got 1' },
      ]),
    );
    expect(issues.map((issue) => issue.path)).toContain('charts[3].data.values[1]');
  });

  it('rejects a chart with one label, duplicate labels or series on a bar chart', () => {
    const input = sample();
    input.charts[0].data = { labels: ['Only'], values: [1] };
    input.charts[3].data = { labels: ['A', 'A'], series: [{ name: 'x', values: [1, 2] }] };
    const issues = issuesOf(input);
    expect(issues).toContainEqual({
      path: 'charts[0].data.labels',
      message: 'A bar_horizontal chart needs 2–12 labels, got 1',
    });
    expect(issues).toContainEqual({ path: 'charts[3].data.labels[1]', message: 'Duplicate label "A"' });
    expect(issues).toContainEqual({
      path: 'charts[3].data.series',
      message: 'A bar_vertical chart takes values, not series',
    });
  });

  it('keeps statistic values as written: strings with a number, never parsed numbers', () => {
    const input = sample();
    input.statistics[0].value = 73;
    input.statistics[1].value = 'many';
    const paths = issuesOf(input).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['statistics[0].value', 'statistics[1].value']));
  });

  it('enforces count and length limits and rejects unknown fields', () => {
    const input = sample();
    input.title = 'x'.repeat(301);
    input.statistics = Array.from({ length: 13 }, (_, i) => ({
      ...input.statistics[0],
      id: `stat_${i + 1}`,
    }));
    input.unexpected = true;
    const paths = issuesOf(input).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'statistics', '']));
  });

  it('parseDocumentContent throws with every path listed', () => {
    const input = sample();
    input.sections[0].lead = '';
    expect(() => parseDocumentContent(input)).toThrow(/sections\[0\]\.lead: Must not be empty/);
  });
});

describe('citations', () => {
  it('splits running text into text and citation segments', () => {
    expect(splitCitations('Returns rose [1] and costs fell [2, 5].')).toEqual([
      { kind: 'text', text: 'Returns rose' },
      { kind: 'citation', source_ids: [1] },
      { kind: 'text', text: ' and costs fell' },
      { kind: 'citation', source_ids: [2, 5] },
      { kind: 'text', text: '.' },
    ]);
    expect(citedSourceIds('No citations, [a] or [] here')).toEqual([]);
  });

  it('formats paths', () => {
    expect(formatPath(['sections', 0, 'paragraphs', 2])).toBe('sections[0].paragraphs[2]');
    expect(formatPath([])).toBe('');
  });
});
