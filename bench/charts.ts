/**
 * SVG chart generation (`shared/charts/render-chart.ts`): time per chart for each chart kind, using
 * the sample content's chart of that kind in a brand palette. Goal: < 1 ms per chart.
 *
 * Run: `npm run bench -- charts` (BENCH_CHARTS_N sets the renders per batch, default 2000).
 */
import { cpus, loadavg } from 'node:os';
import { chartPalette } from '../shared/charts/palette.ts';
import { renderChart } from '../shared/charts/render-chart.ts';
import { CHART_TYPES } from '../shared/content/document-content.ts';
import { sampleContent } from '../shared/content/sample-content.ts';
import { machine } from './support/bench-cloud.ts';

const PER_BATCH = Number(process.env.BENCH_CHARTS_N ?? 2000);
const BATCHES = 5;
const GOAL_MS = 1;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const palette = chartPalette({
  color_accent_1: '#1b2a4a',
  color_accent_2: '#3c6e91',
  color_accent_3: '#e0a100',
});
const charts = sampleContent().charts;

console.log(`# SVG charts — ${machine()}, load ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`);
console.log(`# sample content's chart of each kind, ${BATCHES} batches × ${PER_BATCH} renders, median batch`);
console.log('kind              points   svg bytes   µs/chart   goal < 1 ms');
for (const kind of CHART_TYPES) {
  const chart = charts.find((candidate) => candidate.type === kind);
  if (!chart) {
    console.log(`${kind.padEnd(17)} (no sample chart of this kind)`);
    continue;
  }
  const options = { palette, index: 0, showTitle: false, scope: 'bench' };
  let svg = '';
  for (let i = 0; i < 200; i++) svg = renderChart(chart, options).svg; // let the JIT settle
  const perChart: number[] = [];
  for (let batch = 0; batch < BATCHES; batch++) {
    const started = performance.now();
    for (let i = 0; i < PER_BATCH; i++) renderChart(chart, { ...options, index: i });
    perChart.push((performance.now() - started) / PER_BATCH);
  }
  const ms = median(perChart);
  const points =
    (chart.data.values?.length ?? 0) +
    (chart.data.series ?? []).reduce((sum, series) => sum + series.values.length, 0);
  console.log(
    `${kind.padEnd(17)} ${String(points).padStart(6)} ${String(svg.length).padStart(11)} ${(ms * 1000).toFixed(1).padStart(10)}   ${ms < GOAL_MS ? 'yes' : 'NO'}`,
  );
}
