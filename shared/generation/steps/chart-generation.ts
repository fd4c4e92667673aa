/**
 * Step 8, chart generation (PRD §7.2.8): charts built only from verified statistics, in the data
 * shapes of `shared/charts/*` (the renderer draws them as SVG in brand colours). A chart needs
 * two or more comparable figures placed in the same section: percentages from one source (a chart
 * cites one source) measuring the same thing. Bar labels are what tells the figures apart: the
 * words their labels do not share ("of large enterprises have …" / "of small businesses have …"
 * → "large enterprises", "small businesses"); the shared words become the chart's title.
 */
import { z } from 'zod';
import { type Chart, ChartSchema, CONTENT_LIMITS } from '../../content/document-content.ts';
import { getArtifact, putArtifact } from '../artifacts.ts';
import { runTemplate } from '../run-template.ts';
import type { StepContext } from '../step-task.ts';
import { type FormattedStatistic, StatisticsArtifactSchema } from './statistics-integration.ts';

/** A chart with the research's source number (renumbered when the content is assembled). */
const PlannedChartSchema = z.object({
  section: z.number().int(),
  statistic_ids: z.array(z.string()),
  chart: ChartSchema,
});
export type PlannedChart = z.infer<typeof PlannedChartSchema>;
export const ChartArtifactSchema = z.object({ charts: z.array(PlannedChartSchema) });

const words = (text: string) => text.trim().split(/\s+/);

/** Labels reduced to the words that differ, plus the words they all share (prefix and suffix). */
export function distinguish(labels: readonly string[]): { parts: string[]; shared: string } {
  const split = labels.map(words);
  const shortest = Math.min(...split.map((each) => each.length));
  let prefix = 0;
  while (prefix < shortest && split.every((each) => each[prefix] === split[0]?.[prefix])) prefix++;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    split.every((each) => each[each.length - 1 - suffix] === split[0]?.[(split[0]?.length ?? 0) - 1 - suffix])
  )
    suffix++;
  const parts = split.map((each) => each.slice(prefix, each.length - suffix).join(' '));
  const shared = [
    ...(split[0] ?? []).slice(0, prefix),
    ...(split[0] ?? []).slice((split[0]?.length ?? 0) - suffix),
  ].join(' ');
  return { parts, shared };
}

/** "Large enterprises" from "large enterprises"; long labels shortened at a word boundary. */
function barLabel(text: string): string {
  const label = text.charAt(0).toUpperCase() + text.slice(1);
  if (label.length <= CONTENT_LIMITS.chartLabel) return label;
  return `${label.slice(0, CONTENT_LIMITS.chartLabel - 1).replace(/\s+\S*$/, '')}…`;
}

/** The numeric value of a percentage as written ("64%", "64 percent"), or null. */
export function percentValue(value: string): number | null {
  const match = /(-?\d+(?:\.\d+)?)\s*(?:%|percent|per cent)/i.exec(value.replace(/,/g, ''));
  return match ? Number(match[1]) : null;
}

/**
 * The chart of a group of percentages from one source, or null when they cannot make a fair one
 * (fewer than two, or labels that do not tell them apart).
 */
export function percentageChart(
  id: string,
  group: readonly FormattedStatistic[],
  sectionTitle: string,
): Chart | null {
  const points = group
    .map((statistic) => ({ statistic, value: percentValue(statistic.value) }))
    .filter((point): point is { statistic: FormattedStatistic; value: number } => point.value !== null)
    .slice(0, CONTENT_LIMITS.chartPoints.max);
  if (points.length < CONTENT_LIMITS.chartPoints.min) return null;
  const { parts, shared } = distinguish(points.map((point) => point.statistic.label));
  const labels = parts.map(barLabel);
  if (labels.some((label) => !label) || new Set(labels).size !== labels.length) return null;
  const first = points[0]?.statistic as FormattedStatistic;
  const title = shared.replace(/^of\s+/i, '').trim();
  const candidate = {
    id,
    type: 'bar_horizontal' as const,
    title: (title ? `Share of respondents that ${title.replace(/^(that|who)\s+/i, '')}` : sectionTitle).slice(
      0,
      CONTENT_LIMITS.short,
    ),
    description: points.map((point, i) => `${labels[i]}: ${point.statistic.value}`).join('; '),
    data: { labels, values: points.map((point) => point.value) },
    unit: '%',
    source: first.source,
    source_id: first.source_id,
  };
  const parsed = ChartSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** Words at the end of a label that name what is measured ("… measure the customer impact of X"). */
const METRIC_WORDS = 4;

/**
 * Groups of figures a bar chart may compare: percentages from one source measuring the same thing
 * (labels ending in the same words, e.g. one figure per company size), largest first.
 */
export function comparableGroups(statistics: readonly FormattedStatistic[]): FormattedStatistic[][] {
  const groups = new Map<string, FormattedStatistic[]>();
  for (const statistic of statistics) {
    if (percentValue(statistic.value) === null) continue;
    const metric = words(statistic.label.toLowerCase()).slice(-METRIC_WORDS).join(' ');
    const key = `${statistic.source_id}|${metric}`;
    groups.set(key, [...(groups.get(key) ?? []), statistic]);
  }
  return [...groups.values()].filter((group) => group.length >= 2).sort((a, b) => b.length - a.length);
}

/** Charts for the sections' statistics: at most one per section, within the content limit. */
export function planCharts(
  sections: readonly { number: number; title: string; statistic_ids: readonly string[] }[],
  statistics: readonly FormattedStatistic[],
): PlannedChart[] {
  const byId = new Map(statistics.map((statistic) => [statistic.id, statistic]));
  const planned: PlannedChart[] = [];
  for (const section of sections) {
    if (planned.length === CONTENT_LIMITS.charts) break;
    const placed = section.statistic_ids.flatMap((id) => byId.get(id) ?? []);
    for (const group of comparableGroups(placed)) {
      const chart = percentageChart(`chart_${planned.length + 1}`, group, section.title);
      if (!chart) continue;
      planned.push({ section: section.number, statistic_ids: group.map((each) => each.id), chart });
      break;
    }
  }
  return planned;
}

/** Builds the charts and stores the `chart_generation` artifact. */
export async function generateCharts(context: StepContext): Promise<PlannedChart[]> {
  const [integrated, template] = await Promise.all([
    getArtifact(context.ref, 'statistics_integration', StatisticsArtifactSchema),
    runTemplate(context.run),
  ]);
  const charts = template.supports_charts ? planCharts(integrated.draft.sections, integrated.statistics) : [];
  await putArtifact(context.ref, 'chart_generation', { charts });
  return charts;
}
