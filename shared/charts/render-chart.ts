/**
 * Charts of a document rendered to SVG strings in code (PRD §7.2.8, §8.2.2): no DOM, no browser,
 * no chart library. Each chart is a self-contained `<svg>` to inline in the template's HTML:
 *
 * - responsive through its `viewBox`, with explicit `width`/`height` in points for print (CSS may
 *   override them, e.g. `width: 100%; height: auto`);
 * - every id (`<title>`, `<desc>`, gradients, clip paths) starts with a prefix derived from the
 *   chart's position and id in the document, so several charts coexist in one HTML document and
 *   the same content always gives byte-identical output;
 * - all text is XML-escaped; labels wrap instead of being cut, so no label or value is ever lost;
 * - colours come from the brand palette (`chartPalette`), text from neutrals that pass WCAG AA.
 *
 * Chart text uses the surrounding font (set `fontFamily` for standalone files); widths are
 * estimated for a typical sans-serif, with slack, since no font metrics are available here.
 */
import { darken } from '../branding/colors.ts';
import type { Chart, ChartType } from '../content/document-content.ts';
import { dataDecimals, formatValue, type NiceScale, niceScale, stepDecimals } from './axis.ts';
import type { ChartPalette } from './palette.ts';
import { escapeXml, idFragment, r, textWidth, wrapText } from './svg.ts';

export interface ChartRenderOptions {
  palette: ChartPalette;
  /** Position of the chart in the document (0-based); part of every id. */
  index: number;
  /** Width in points (default 468pt: the 6.5in text column of a letter page). */
  width?: number;
  /** Height of the plot area in points for vertical bar, line and donut charts (default 200). */
  plotHeight?: number;
  /** CSS font-family for the chart's text; by default it inherits the page's. */
  fontFamily?: string;
  /** Draw the title inside the SVG (default true); off when the template shows it as a caption. */
  showTitle?: boolean;
  /** Text before the source name (default "Source: "). */
  sourceLabel?: string;
  /**
   * Namespace of the ids (e.g. the document id), for pages that show charts of several documents
   * (previews, galleries); within one document, position and chart id already keep ids apart.
   */
  scope?: string;
  /** Replaces the derived id prefix. */
  idPrefix?: string;
}

export interface RenderedChart {
  /** Id of the root `<svg>`; every inner id starts with it. */
  id: string;
  type: ChartType;
  svg: string;
  /** Size in points. */
  width: number;
  height: number;
}

const PAD = 6;
const TITLE_SIZE = 12;
const LABEL_SIZE = 9;
const VALUE_SIZE = 9;
const SOURCE_SIZE = 7.5;
const LINE = 1.25;

interface Series {
  name: string;
  values: number[];
}

interface Context {
  chart: Chart;
  palette: ChartPalette;
  id: string;
  width: number;
  plotHeight: number;
  decimals: number;
  fmt: (value: number) => string;
  series: Series[];
  labels: string[];
  /** Gradient id of series `i`. */
  fill: (i: number) => string;
}

/** The id prefix of a chart: `chart-<index>-<id>`, safe for XML ids and `url(#…)`. */
export function chartIdPrefix(chart: Pick<Chart, 'id'>, index: number, scope?: string): string {
  return `${scope ? `${idFragment(scope)}-` : ''}chart-${index}-${idFragment(chart.id)}`;
}

function seriesOf(chart: Chart): Series[] {
  if (chart.data.series) return chart.data.series;
  return [{ name: chart.title, values: chart.data.values ?? [] }];
}

function color(palette: ChartPalette, i: number): string {
  const { series } = palette;
  return series[i % series.length] ?? palette.primary;
}

/** A `<text>` with one `<tspan>` per line. */
function textBlock(
  lines: string[],
  x: number,
  y: number,
  attributes: {
    size: number;
    fill: string;
    anchor?: 'start' | 'middle' | 'end';
    bold?: boolean;
    cls?: string;
  },
): string {
  const anchor =
    attributes.anchor && attributes.anchor !== 'start' ? ` text-anchor="${attributes.anchor}"` : '';
  const weight = attributes.bold ? ' font-weight="700"' : '';
  const cls = attributes.cls ? ` class="${attributes.cls}"` : '';
  const spans = lines
    .map(
      (line, i) =>
        `<tspan x="${r(x)}"${i === 0 ? '' : ` dy="${r(attributes.size * LINE)}"`}>${escapeXml(line)}</tspan>`,
    )
    .join('');
  return `<text${cls} x="${r(x)}" y="${r(y)}" font-size="${attributes.size}" fill="${attributes.fill}"${anchor}${weight}>${spans}</text>`;
}

/** Legend items laid out left to right, wrapping; returns markup and height. */
function legend(ctx: Context, top: number): { svg: string; height: number } {
  if (ctx.series.length < 2 && !ctx.chart.data.series) return { svg: '', height: 0 };
  const parts: string[] = [];
  const rowHeight = LABEL_SIZE * 1.6;
  let x = PAD;
  let y = top;
  ctx.series.forEach((entry, i) => {
    const itemWidth = 14 + textWidth(entry.name, LABEL_SIZE) + 14;
    if (x > PAD && x + itemWidth > ctx.width - PAD) {
      x = PAD;
      y += rowHeight;
    }
    const lines = wrapText(entry.name, ctx.width - 2 * PAD - 14, LABEL_SIZE);
    parts.push(
      `<rect x="${r(x)}" y="${r(y + 1)}" width="9" height="9" rx="1.5" fill="${color(ctx.palette, i)}"/>`,
      textBlock(lines, x + 13, y + LABEL_SIZE, { size: LABEL_SIZE, fill: ctx.palette.label, cls: 'legend' }),
    );
    x += itemWidth;
    y += (lines.length - 1) * LABEL_SIZE * LINE;
  });
  return { svg: `<g class="chart-legend">${parts.join('')}</g>`, height: y - top + rowHeight + 4 };
}

function gradients(ctx: Context): string {
  // Donut slices are colored per label; bars and lines per series.
  const count = ctx.chart.type === 'donut' ? ctx.labels.length : ctx.series.length;
  return Array.from({ length: count }, (_, i) => i)
    .map((i) => {
      const base = color(ctx.palette, i);
      return (
        `<linearGradient id="${ctx.fill(i).slice(5, -1)}" x1="0" y1="0" x2="0" y2="1">` +
        `<stop offset="0" stop-color="${base}"/><stop offset="1" stop-color="${darken(base, 0.12)}"/>` +
        '</linearGradient>'
      );
    })
    .join('');
}

/** Maps a value onto `[from, to]` along the scale. */
function project(scale: NiceScale, from: number, to: number): (value: number) => number {
  const span = scale.max - scale.min || 1;
  return (value) => from + ((value - scale.min) / span) * (to - from);
}

function allValues(ctx: Context): number[] {
  return ctx.series.flatMap((entry) => entry.values);
}

/** Horizontal bars, one bar per label and series (bar_horizontal: one series; comparison: two). */
function horizontalBars(ctx: Context, top: number): { svg: string; height: number } {
  const { palette, width, series, labels } = ctx;
  const values = allValues(ctx);
  const scale = niceScale(Math.min(...values), Math.max(...values), 5);
  const valueWidth = Math.max(...values.map((v) => textWidth(ctx.fmt(v), VALUE_SIZE, true))) + 6;
  const longest = Math.max(...labels.map((label) => textWidth(label, LABEL_SIZE)));
  const labelWidth = Math.min(width * 0.38, longest + 4);
  const plotLeft = PAD + labelWidth + 8 + (scale.min < 0 ? valueWidth : 0);
  const plotRight = width - PAD - valueWidth - 4;
  const x = project(scale, plotLeft, plotRight);
  const barHeight = series.length > 1 ? 10 : 14;
  const barGap = 2;
  const parts: string[] = [];
  let y = top;
  const rows: string[] = [];
  labels.forEach((label, row) => {
    const lines = wrapText(label, labelWidth, LABEL_SIZE);
    const barsHeight = series.length * barHeight + (series.length - 1) * barGap;
    const rowHeight = Math.max(barsHeight, lines.length * LABEL_SIZE * LINE) + 10;
    const labelTop = y + rowHeight / 2 - (lines.length * LABEL_SIZE * LINE) / 2 + LABEL_SIZE * 0.85;
    rows.push(
      textBlock(lines, PAD + labelWidth, labelTop, {
        size: LABEL_SIZE,
        fill: palette.label,
        anchor: 'end',
        cls: 'label',
      }),
    );
    let barTop = y + (rowHeight - barsHeight) / 2;
    series.forEach((entry, s) => {
      const value = entry.values[row] ?? 0;
      const x0 = x(0);
      const x1 = x(value);
      rows.push(
        `<rect x="${r(Math.min(x0, x1))}" y="${r(barTop)}" width="${r(Math.abs(x1 - x0))}" height="${barHeight}" rx="1.5" fill="${ctx.fill(s)}"/>`,
      );
      const negative = value < 0;
      rows.push(
        textBlock([ctx.fmt(value)], negative ? x1 - 4 : x1 + 4, barTop + barHeight / 2 + VALUE_SIZE * 0.35, {
          size: VALUE_SIZE,
          fill: palette.label,
          anchor: negative ? 'end' : 'start',
          bold: true,
          cls: 'value',
        }),
      );
      barTop += barHeight + barGap;
    });
    y += rowHeight;
  });
  const plotBottom = y;
  // Grid lines and ticks under the bars.
  const axis = scale.ticks.map((tick) => {
    const tx = x(tick);
    return (
      `<line x1="${r(tx)}" y1="${r(top)}" x2="${r(tx)}" y2="${r(plotBottom)}" stroke="${tick === 0 ? palette.axis : palette.grid}" stroke-width="${tick === 0 ? 1 : 0.5}"/>` +
      textBlock([formatValue(tick, tickDecimals(scale), ctx.chart.unit)], tx, plotBottom + LABEL_SIZE + 3, {
        size: LABEL_SIZE - 1,
        fill: palette.muted,
        anchor: 'middle',
        cls: 'tick',
      })
    );
  });
  parts.push(`<g class="chart-axis">${axis.join('')}</g>`, `<g class="chart-bars">${rows.join('')}</g>`);
  return { svg: parts.join(''), height: plotBottom - top + LABEL_SIZE + 8 };
}

/** Tick labels show as many decimals as the step needs (0, 20, 40 or 0, 0.5, 1), not the data's. */
function tickDecimals(scale: NiceScale): number {
  return stepDecimals(scale.step);
}

/** Y axis (ticks, labels, grid) of vertical charts; returns markup and the left edge of the plot. */
function yAxis(ctx: Context, scale: NiceScale, top: number, bottom: number): { svg: string; left: number } {
  const decimals = tickDecimals(scale);
  const tickLabels = scale.ticks.map((tick) => formatValue(tick, decimals, ctx.chart.unit));
  const left = PAD + Math.max(...tickLabels.map((label) => textWidth(label, LABEL_SIZE - 1))) + 6;
  const y = project(scale, bottom, top);
  const svg = scale.ticks
    .map(
      (tick, i) =>
        `<line x1="${r(left)}" y1="${r(y(tick))}" x2="${r(ctx.width - PAD)}" y2="${r(y(tick))}" stroke="${tick === 0 ? ctx.palette.axis : ctx.palette.grid}" stroke-width="${tick === 0 ? 1 : 0.5}"/>` +
        textBlock([tickLabels[i] ?? ''], left - 4, y(tick) + (LABEL_SIZE - 1) * 0.35, {
          size: LABEL_SIZE - 1,
          fill: ctx.palette.muted,
          anchor: 'end',
          cls: 'tick',
        }),
    )
    .join('');
  return { svg: `<g class="chart-axis">${svg}</g>`, left };
}

/** Category labels under a vertical chart, wrapped to their band; returns markup and height. */
function xLabels(
  ctx: Context,
  centers: number[],
  band: number,
  top: number,
): { svg: string; height: number } {
  let lines = 1;
  const svg = ctx.labels
    .map((label, i) => {
      const wrapped = wrapText(label, Math.max(band - 4, 20), LABEL_SIZE);
      lines = Math.max(lines, wrapped.length);
      return textBlock(wrapped, centers[i] ?? 0, top + LABEL_SIZE + 4, {
        size: LABEL_SIZE,
        fill: ctx.palette.label,
        anchor: 'middle',
        cls: 'label',
      });
    })
    .join('');
  return { svg, height: lines * LABEL_SIZE * LINE + 8 };
}

function verticalBars(ctx: Context, top: number): { svg: string; height: number } {
  const values = ctx.series[0]?.values ?? [];
  const scale = niceScale(Math.min(...values), Math.max(...values), 5);
  const plotTop = top + VALUE_SIZE + 6;
  const plotBottom = plotTop + ctx.plotHeight;
  const axis = yAxis(ctx, scale, plotTop, plotBottom);
  const band = (ctx.width - PAD - axis.left) / Math.max(1, ctx.labels.length);
  const centers = ctx.labels.map((_, i) => axis.left + band * (i + 0.5));
  const y = project(scale, plotBottom, plotTop);
  const barWidth = Math.min(band * 0.62, 56);
  const bars = values.map((value, i) => {
    const cx = centers[i] ?? 0;
    const y0 = y(0);
    const y1 = y(value);
    return (
      `<rect x="${r(cx - barWidth / 2)}" y="${r(Math.min(y0, y1))}" width="${r(barWidth)}" height="${r(Math.abs(y1 - y0))}" rx="1.5" fill="${ctx.fill(0)}"/>` +
      textBlock([ctx.fmt(value)], cx, value < 0 ? y1 + VALUE_SIZE + 3 : y1 - 4, {
        size: VALUE_SIZE,
        fill: ctx.palette.label,
        anchor: 'middle',
        bold: true,
        cls: 'value',
      })
    );
  });
  const labels = xLabels(ctx, centers, band, plotBottom);
  return {
    svg: `${axis.svg}<g class="chart-bars">${bars.join('')}</g><g class="chart-labels">${labels.svg}</g>`,
    height: plotBottom - top + labels.height,
  };
}

function lines(ctx: Context, top: number): { svg: string; height: number } {
  const values = allValues(ctx);
  const scale = niceScale(Math.min(...values), Math.max(...values), 5);
  const plotTop = top + VALUE_SIZE + 8;
  const plotBottom = plotTop + ctx.plotHeight;
  const axis = yAxis(ctx, scale, plotTop, plotBottom);
  const band = (ctx.width - PAD - axis.left) / Math.max(1, ctx.labels.length);
  const centers = ctx.labels.map((_, i) => axis.left + band * (i + 0.5));
  const y = project(scale, plotBottom, plotTop);
  const clip = `${ctx.id}-clip`;
  const marks = ctx.series.map((entry, s) => {
    const stroke = color(ctx.palette, s);
    const points = entry.values.map((value, i) => `${r(centers[i] ?? 0)},${r(y(value))}`).join(' ');
    // Series alternate their value labels above and below the points so two series rarely collide.
    const below = s % 2 === 1;
    const dots = entry.values
      .map((value, i) => {
        const cx = centers[i] ?? 0;
        const cy = y(value);
        return (
          `<circle cx="${r(cx)}" cy="${r(cy)}" r="3" fill="${ctx.palette.background}" stroke="${stroke}" stroke-width="1.75"/>` +
          textBlock(
            [ctx.fmt(value)],
            cx,
            below ? cy + VALUE_SIZE + 5 : cy - 6 - Math.floor(s / 2) * VALUE_SIZE,
            {
              size: VALUE_SIZE,
              fill: ctx.palette.label,
              anchor: 'middle',
              bold: true,
              cls: 'value',
            },
          )
        );
      })
      .join('');
    return (
      `<polyline points="${points}" fill="none" stroke="${stroke}" stroke-width="2.25" stroke-linejoin="round" stroke-linecap="round" clip-path="url(#${clip})"/>` +
      dots
    );
  });
  const labels = xLabels(ctx, centers, band, plotBottom);
  const clipRect = `<clipPath id="${clip}"><rect x="${r(axis.left)}" y="${r(plotTop - 4)}" width="${r(ctx.width - PAD - axis.left)}" height="${r(plotBottom - plotTop + 8)}"/></clipPath>`;
  return {
    svg: `<defs>${clipRect}</defs>${axis.svg}<g class="chart-lines">${marks.join('')}</g><g class="chart-labels">${labels.svg}</g>`,
    height: plotBottom - top + labels.height,
  };
}

function arcPoint(cx: number, cy: number, radius: number, angle: number): string {
  return `${r(cx + radius * Math.sin(angle))} ${r(cy - radius * Math.cos(angle))}`;
}

function donut(ctx: Context, top: number): { svg: string; height: number } {
  const values = ctx.series[0]?.values ?? [];
  const total = values.reduce((sum, value) => sum + Math.max(0, value), 0) || 1;
  const outer = Math.min(ctx.plotHeight / 2, ctx.width * 0.2);
  const inner = outer * 0.58;
  const cx = PAD + outer + 4;
  const cy = top + outer + 4;
  const slices: string[] = [];
  let angle = 0;
  values.forEach((value, i) => {
    if (value <= 0) return;
    const sweep = (value / total) * Math.PI * 2;
    const fill = ctx.fill(i);
    if (sweep >= Math.PI * 2 - 1e-9) {
      // A full ring: two half arcs (one arc cannot start and end at the same point).
      slices.push(
        `<path d="M ${arcPoint(cx, cy, outer, 0)} A ${r(outer)} ${r(outer)} 0 1 1 ${arcPoint(cx, cy, outer, Math.PI)} A ${r(outer)} ${r(outer)} 0 1 1 ${arcPoint(cx, cy, outer, 0)} Z M ${arcPoint(cx, cy, inner, 0)} A ${r(inner)} ${r(inner)} 0 1 0 ${arcPoint(cx, cy, inner, Math.PI)} A ${r(inner)} ${r(inner)} 0 1 0 ${arcPoint(cx, cy, inner, 0)} Z" fill="${fill}" fill-rule="evenodd"/>`,
      );
    } else {
      const end = angle + sweep;
      const large = sweep > Math.PI ? 1 : 0;
      slices.push(
        `<path d="M ${arcPoint(cx, cy, outer, angle)} A ${r(outer)} ${r(outer)} 0 ${large} 1 ${arcPoint(cx, cy, outer, end)} L ${arcPoint(cx, cy, inner, end)} A ${r(inner)} ${r(inner)} 0 ${large} 0 ${arcPoint(cx, cy, inner, angle)} Z" fill="${fill}" stroke="${ctx.palette.background}" stroke-width="1.5" stroke-linejoin="round"/>`,
      );
    }
    angle += sweep;
  });
  // Legend on the right: swatch, label, value and share.
  const legendLeft = cx + outer + 24;
  const textLeft = legendLeft + 14;
  const legendWidth = ctx.width - PAD - textLeft;
  const items: string[] = [];
  const rows = values.map((value, i) => {
    const share = formatValue((Math.max(0, value) / total) * 100, 0, '%');
    const detail = ctx.chart.unit === '%' ? ctx.fmt(value) : `${ctx.fmt(value)} (${share})`;
    return { lines: wrapText(ctx.labels[i] ?? '', legendWidth, LABEL_SIZE), detail };
  });
  const rowGap = 6;
  const legendHeight = rows.reduce(
    (sum, row) => sum + (row.lines.length + 1) * LABEL_SIZE * LINE + rowGap,
    0,
  );
  let y = Math.max(top, cy - legendHeight / 2);
  rows.forEach((row, i) => {
    items.push(
      `<rect x="${r(legendLeft)}" y="${r(y + 1)}" width="9" height="9" rx="1.5" fill="${color(ctx.palette, i)}"/>`,
      textBlock(row.lines, textLeft, y + LABEL_SIZE, {
        size: LABEL_SIZE,
        fill: ctx.palette.label,
        cls: 'label',
      }),
      textBlock([row.detail], textLeft, y + LABEL_SIZE + row.lines.length * LABEL_SIZE * LINE, {
        size: VALUE_SIZE,
        fill: ctx.palette.label,
        bold: true,
        cls: 'value',
      }),
    );
    y += (row.lines.length + 1) * LABEL_SIZE * LINE + rowGap;
  });
  return {
    svg: `<g class="chart-slices">${slices.join('')}</g><g class="chart-legend">${items.join('')}</g>`,
    height: Math.max(2 * outer + 8, y - top),
  };
}

const PLOTS: Record<ChartType, (ctx: Context, top: number) => { svg: string; height: number }> = {
  bar_horizontal: horizontalBars,
  comparison: horizontalBars,
  bar_vertical: verticalBars,
  line: lines,
  donut,
};

/** One chart as a standalone `<svg>` element. */
export function renderChart(chart: Chart, options: ChartRenderOptions): RenderedChart {
  const width = options.width ?? 468;
  const id = options.idPrefix
    ? idFragment(options.idPrefix)
    : chartIdPrefix(chart, options.index, options.scope);
  const series = seriesOf(chart);
  const decimals = chart.decimals ?? dataDecimals(series.flatMap((entry) => entry.values));
  const ctx: Context = {
    chart,
    palette: options.palette,
    id,
    width,
    plotHeight: options.plotHeight ?? 200,
    decimals,
    fmt: (value) => formatValue(value, decimals, chart.unit),
    series,
    labels: chart.data.labels,
    fill: (i) => `url(#${id}-fill-${i})`,
  };
  const parts: string[] = [];
  let y = PAD;
  if (options.showTitle ?? true) {
    const titleLines = wrapText(chart.title, width - 2 * PAD, TITLE_SIZE, true);
    parts.push(
      textBlock(titleLines, PAD, y + TITLE_SIZE, {
        size: TITLE_SIZE,
        fill: options.palette.text,
        bold: true,
        cls: 'chart-title',
      }),
    );
    y += titleLines.length * TITLE_SIZE * LINE + 8;
  }
  const key = legend(ctx, y);
  parts.push(key.svg);
  y += key.height;
  const plot = PLOTS[chart.type](ctx, y);
  parts.push(plot.svg);
  y += plot.height + 6;
  const source = `${options.sourceLabel ?? 'Source: '}${chart.source} [${chart.source_id}]`;
  const sourceLines = wrapText(source, width - 2 * PAD, SOURCE_SIZE);
  parts.push(
    textBlock(sourceLines, PAD, y + SOURCE_SIZE, {
      size: SOURCE_SIZE,
      fill: options.palette.muted,
      cls: 'chart-source',
    }),
  );
  y += sourceLines.length * SOURCE_SIZE * LINE + PAD;
  const height = Math.ceil(y);
  const font = options.fontFamily ? ` font-family="${escapeXml(options.fontFamily)}"` : '';
  const description = chart.description ? `<desc id="${id}-desc">${escapeXml(chart.description)}</desc>` : '';
  const labelledBy = chart.description ? `${id}-title ${id}-desc` : `${id}-title`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" id="${id}" class="chart chart-${chart.type.replace('_', '-')}" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}pt" height="${height}pt" role="img" aria-labelledby="${labelledBy}"${font}>` +
    `<title id="${id}-title">${escapeXml(chart.title)}</title>${description}` +
    `<defs>${gradients(ctx)}</defs>${parts.join('')}</svg>`;
  return { id, type: chart.type, svg, width, height };
}

/** Every chart of a document, ids derived from each chart's position and id. */
export function renderCharts(
  charts: readonly Chart[],
  options: Omit<ChartRenderOptions, 'index' | 'idPrefix'>,
): RenderedChart[] {
  return charts.map((chart, index) => renderChart(chart, { ...options, index }));
}
