import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { contrastRatio, WCAG_AA_NORMAL } from '../branding/colors.ts';
import type { Chart } from '../content/document-content.ts';
import { sampleContent } from '../content/sample-content.ts';
import { dataDecimals, formatValue, niceScale } from './axis.ts';
import { chartPalette, WCAG_NON_TEXT } from './palette.ts';
import { renderChart, renderCharts } from './render-chart.ts';
import { escapeXml, wrapText } from './svg.ts';

const BRANDS = {
  navy: { color_accent_1: '#1f3a5f', color_accent_2: '#e07a1f', color_accent_3: '#2a9d8f' },
  nearWhite: { color_accent_1: '#fafafa', color_accent_2: '#fff8e1', color_accent_3: '#f0f0f0' },
  saturated: { color_accent_1: '#ff0000', color_accent_2: '#00ff00', color_accent_3: '#0000ff' },
};
const palette = chartPalette(BRANDS.navy);

interface Parsed {
  ids: string[];
  text: string;
  root: string;
  rootAttributes: Record<string, string>;
  references: string[];
}

/** Parses SVG with a strict XML parser; throws on malformed markup. */
function parse(svg: string): Parsed {
  const parser = new SaxesParser({ xmlns: true });
  const parsed: Parsed = { ids: [], text: '', root: '', rootAttributes: {}, references: [] };
  let depth = 0;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, attribute] of Object.entries(tag.attributes)) attributes[name] = attribute.value;
    if (depth === 0) {
      parsed.root = tag.name;
      parsed.rootAttributes = attributes;
      expect(tag.uri).toBe('http://www.w3.org/2000/svg');
    }
    depth += 1;
    if (attributes.id) parsed.ids.push(attributes.id);
    for (const value of Object.values(attributes)) {
      for (const match of value.matchAll(/url\(#([^)]+)\)/g)) parsed.references.push(match[1] ?? '');
    }
  });
  parser.on('closetag', () => {
    depth -= 1;
  });
  parser.on('text', (text) => {
    parsed.text += `${text}\n`;
  });
  parser.write(svg).close();
  return parsed;
}

function chartOf(type: Chart['type']): Chart {
  const chart = sampleContent().charts.find((entry) => entry.type === type);
  if (!chart) throw new Error(`No ${type} chart in the sample`);
  return chart;
}

describe('renderChart', () => {
  for (const type of ['bar_horizontal', 'bar_vertical', 'line', 'donut', 'comparison'] as const) {
    it(`renders a well-formed ${type} chart with every label, value and the source`, () => {
      const chart = chartOf(type);
      const rendered = renderChart(chart, { palette, index: 0 });
      const parsed = parse(rendered.svg);
      expect(parsed.root).toBe('svg');
      expect(parsed.rootAttributes.viewBox).toBe(`0 0 ${rendered.width} ${rendered.height}`);
      expect(parsed.rootAttributes.width).toBe(`${rendered.width}pt`);
      expect(parsed.rootAttributes.height).toBe(`${rendered.height}pt`);
      const text = parsed.text.replace(/\n/g, ' ');
      for (const label of chart.data.labels) expect(text).toContain(label);
      const decimals = chart.decimals ?? 0;
      const values = chart.data.series?.flatMap((entry) => entry.values) ?? chart.data.values ?? [];
      for (const value of values) expect(text).toContain(formatValue(value, decimals, chart.unit));
      for (const entry of chart.data.series ?? []) expect(text).toContain(entry.name);
      expect(text).toContain(`Source: ${chart.source} [${chart.source_id}]`);
      expect(text).toContain(chart.title);
      // Every url(#…) reference points at an id defined in the same chart.
      for (const reference of parsed.references) expect(parsed.ids).toContain(reference);
      expect(new Set(parsed.ids).size).toBe(parsed.ids.length);
    });
  }

  it('escapes markup in titles, labels, series names and sources', () => {
    const chart: Chart = {
      ...chartOf('comparison'),
      id: 'chart_x',
      title: 'Title <script>alert(1)</script> & "more"',
      data: {
        labels: ['A <b>&</b>', 'B > C', "D 'quoted'"],
        series: [
          { name: '</svg><svg>', values: [1, 2, 3] },
          { name: 'R&D', values: [3, 2, 1] },
        ],
      },
      source: 'Lab <i>&amp;</i> Co',
    };
    const { svg } = renderChart(chart, { palette, index: 3, fontFamily: '"Inter", <sans>' });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    const text = parse(svg).text;
    for (const label of chart.data.labels) expect(text).toContain(label);
    expect(text).toContain('</svg><svg>');
    expect(text).toContain('R&D');
    expect(text).toContain('Lab <i>&amp;</i> Co');
    expect(text).toContain('Title <script>alert(1)</script> & "more"');
  });

  it('gives two charts of one document disjoint ids, even with the same chart id', () => {
    const content = sampleContent();
    const rendered = renderCharts(content.charts, { palette });
    const all = rendered.flatMap((chart) => parse(chart.svg).ids);
    expect(new Set(all).size).toBe(all.length);
    const chart = chartOf('bar_vertical');
    const [a, b] = [renderChart(chart, { palette, index: 0 }), renderChart(chart, { palette, index: 1 })];
    const idsA = parse(a.svg).ids;
    const idsB = parse(b.svg).ids;
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
    // Both in one HTML document: every reference still resolves to its own chart's definitions.
    for (const reference of parse(b.svg).references) expect(reference.startsWith(b.id)).toBe(true);
  });

  it('namespaces ids with a scope so several documents can share a page', () => {
    const chart = chartOf('line');
    const a = parse(renderChart(chart, { palette, index: 0, scope: 'doc-a' }).svg);
    const b = parse(renderChart(chart, { palette, index: 0, scope: 'doc b' }).svg);
    expect(a.ids.filter((id) => b.ids.includes(id))).toEqual([]);
    expect(a.ids[0]).toBe('doc-a-chart-0-chart_3');
    expect(b.ids[0]).toBe('doc-b-chart-0-chart_3');
  });

  it('is deterministic', () => {
    const chart: Chart = {
      id: 'chart_small',
      type: 'bar_vertical',
      title: 'Small',
      data: { labels: ['A', 'B'], values: [3, 7.5] },
      unit: '%',
      source: 'Example',
      source_id: 1,
    };
    const first = renderChart(chart, { palette, index: 0, width: 240, plotHeight: 80 });
    expect(renderChart(chart, { palette, index: 0, width: 240, plotHeight: 80 })).toEqual(first);
    expect(first.svg).toMatchSnapshot();
  });

  it('handles negative values, a single full donut slice and very long labels without losing text', () => {
    const bars: Chart = {
      id: 'chart_neg',
      type: 'bar_horizontal',
      title: 'Change',
      data: {
        labels: ['Down', 'Up', 'Supercalifragilisticexpialidocious'.repeat(2)],
        values: [-12.5, 30, 4],
      },
      unit: '%',
      source: 'Example',
      source_id: 1,
    };
    const text = parse(renderChart(bars, { palette, index: 0 }).svg).text.replace(/\n/g, '');
    expect(text).toContain('−12.5%');
    expect(text).toContain('Supercalifragilisticexpialidocious'.repeat(2));
    const ring: Chart = {
      id: 'chart_ring',
      type: 'donut',
      title: 'All',
      data: { labels: ['Everything', 'Nothing'], values: [5, 0] },
      source: 'Example',
      source_id: 1,
    };
    const svg = renderChart(ring, { palette, index: 1 }).svg;
    expect(parse(svg).text).toContain('5 (100%)');
    expect(svg).toContain('fill-rule="evenodd"');
  });
});

describe('chart palette', () => {
  for (const [name, accents] of Object.entries(BRANDS)) {
    it(`keeps marks and text readable for a ${name} brand`, () => {
      const colors = chartPalette(accents);
      expect(colors.series.length).toBeGreaterThanOrEqual(3);
      for (const color of colors.series) {
        expect(contrastRatio(color, colors.background)).toBeGreaterThanOrEqual(WCAG_NON_TEXT);
      }
      for (const text of [colors.label, colors.text, colors.muted]) {
        expect(contrastRatio(text, colors.background)).toBeGreaterThanOrEqual(WCAG_AA_NORMAL);
      }
      expect(new Set(colors.series).size).toBe(colors.series.length);
    });
  }

  it('keeps a brand colour that is already visible', () => {
    expect(chartPalette(BRANDS.navy).series.slice(0, 3)).toEqual(['#1f3a5f', '#e07a1f', '#2a9d8f']);
  });
});

describe('axis and text helpers', () => {
  it('chooses nice ticks including zero', () => {
    expect(niceScale(0, 62).ticks).toEqual([0, 20, 40, 60, 80]);
    expect(niceScale(0.4, 2.9).ticks).toEqual([0, 1, 2, 3]);
    expect(niceScale(0, 0.037).ticks).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
    expect(niceScale(-12.5, 30).ticks).toEqual([-20, -10, 0, 10, 20, 30]);
    expect(niceScale(0, 0).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceScale(120, 310).ticks).toEqual([0, 100, 200, 300, 400]);
  });

  it('formats values with their unit', () => {
    expect(formatValue(48, 0, '%')).toBe('48%');
    expect(formatValue(1.2, 1, '$M')).toBe('$1.2M');
    expect(formatValue(1234567, 0)).toBe('1,234,567');
    expect(formatValue(12, 0, 'weeks')).toBe('12 weeks');
    expect(formatValue(-3, 0, '€')).toBe('−€3');
    expect(dataDecimals([1, 2.5, 3.125])).toBe(2);
  });

  it('escapes XML and wraps without dropping text', () => {
    expect(escapeXml(`<a href="x">&'</a>\u0000`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
    const lines = wrapText('A fairly long label that must wrap onto several lines', 60, 9);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe('A fairly long label that must wrap onto several lines');
  });
});
