/**
 * The content contract of a document (PRD §4.2.7 `content_json`, §7.2.7 statistics, §7.2.8 charts):
 * what the generation pipeline must produce and what every template renders. Validated before
 * rendering, so templates can rely on it.
 *
 * Extension of the PRD shape: numbered `sources` (1, 2, 3, … in order) form the document's
 * bibliography. Statistics, quotes, charts and tables cite one with `source_id`; running text
 * (summary, leads, paragraphs, subheadings, callouts, conclusion, takeaways, statistic context)
 * cites with inline markers `[1]` or `[1, 3]`, which templates turn into superscript links to the
 * sources page (see `splitCitations`). Cross-field rules: every cited source exists, every source
 * is cited at least once, ids are unique, sections placing a statistic/chart/quote/table name an
 * existing one, and chart data is consistent with the chart type.
 *
 * Everything is plain text: templates escape it, so markup in content is shown, never interpreted.
 */
import { z } from 'zod';

/** Limits on counts and lengths; templates are designed and tested against these. */
export const CONTENT_LIMITS = {
  title: 300,
  subtitle: 300,
  summary: 3000,
  sections: { min: 1, max: 12 },
  paragraphsPerSection: { min: 1, max: 12 },
  paragraph: 4000,
  lead: 1000,
  subheadingsPerSection: 6,
  statistics: 12,
  statisticValue: 24,
  charts: 8,
  chartPoints: { min: 2, max: 12 },
  donutSlices: 8,
  lineSeries: 3,
  chartLabel: 60,
  quotes: 10,
  quote: 600,
  tables: 6,
  tableColumns: { min: 2, max: 6 },
  tableRows: { min: 1, max: 20 },
  tableCell: 300,
  keyTakeaways: { min: 1, max: 7 },
  sources: 60,
  short: 200,
} as const;

export const CALLOUT_TYPES = ['tip', 'warning', 'note', 'example'] as const;
export const CHART_TYPES = ['bar_horizontal', 'bar_vertical', 'line', 'donut', 'comparison'] as const;
export const STATISTIC_TYPES = [
  'percentage',
  'currency',
  'count',
  'multiplier',
  'ratio',
  'duration',
  'other',
] as const;
/** PRD §7.2.7 `display_type` and `color_category`. */
export const STATISTIC_DISPLAY_TYPES = ['callout', 'inline', 'chart'] as const;
export const COLOR_CATEGORIES = ['primary', 'secondary', 'accent'] as const;

export type CalloutType = (typeof CALLOUT_TYPES)[number];
export type ChartType = (typeof CHART_TYPES)[number];

/** Non-empty trimmed text of at most `max` characters. */
const text = (max: number) =>
  z.string().trim().min(1, 'Must not be empty').max(max, `At most ${max} characters`);

const idOf = (prefix: string) =>
  z
    .string()
    .regex(
      new RegExp(`^${prefix}_[A-Za-z0-9_-]{1,40}$`),
      `Must look like ${prefix}_1 (${prefix}_ then letters, digits, _ or -)`,
    );

const sourceId = z.number().int().positive();
const isoDateTime = z.iso.datetime({ offset: true });
const httpUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.domain }).max(2000);

/** One entry of the bibliography, numbered from 1 in order of `sources`. */
export const SourceSchema = z.strictObject({
  id: sourceId,
  title: text(CONTENT_LIMITS.short * 2),
  url: httpUrl,
  /** Host of `url` as readers know it (`example.com` for `https://www.example.com/x`). */
  domain: text(253),
  /** Organisation or author that published the source, when known. */
  publisher: text(CONTENT_LIMITS.short).optional(),
  published_at: z.iso.date().or(isoDateTime).optional(),
  accessed_at: isoDateTime,
});

export const CalloutSchema = z.strictObject({
  type: z.enum(CALLOUT_TYPES),
  title: text(CONTENT_LIMITS.short).optional(),
  content: text(CONTENT_LIMITS.lead),
});

export const SubheadingSchema = z.strictObject({
  title: text(CONTENT_LIMITS.short),
  content: text(CONTENT_LIMITS.paragraph),
});

export const SectionSchema = z.strictObject({
  /** 1, 2, 3, … in order. */
  number: z.number().int().positive(),
  /** Kicker above the title, e.g. "Strategy 1:". */
  label: text(60).optional(),
  title: text(CONTENT_LIMITS.short),
  lead: text(CONTENT_LIMITS.lead),
  paragraphs: z
    .array(text(CONTENT_LIMITS.paragraph))
    .min(CONTENT_LIMITS.paragraphsPerSection.min, 'A section needs at least one paragraph')
    .max(CONTENT_LIMITS.paragraphsPerSection.max),
  subheadings: z.array(SubheadingSchema).max(CONTENT_LIMITS.subheadingsPerSection).default([]),
  callout: CalloutSchema.optional(),
  /** Statistics, charts, quotes and tables shown in this section (PRD §7.2.7 `statistics_used`). */
  statistic_ids: z.array(idOf('stat')).max(CONTENT_LIMITS.statistics).default([]),
  chart_ids: z.array(idOf('chart')).max(CONTENT_LIMITS.charts).default([]),
  quote_ids: z.array(idOf('quote')).max(CONTENT_LIMITS.quotes).default([]),
  table_ids: z.array(idOf('table')).max(CONTENT_LIMITS.tables).default([]),
});

export const StatisticSchema = z.strictObject({
  id: idOf('stat'),
  /** Exactly as written in the source ("73%", "$1.2M", "3.5x"): a string, never a parsed number. */
  value: text(CONTENT_LIMITS.statisticValue).regex(/\d/, 'Must contain a number as written in the source'),
  label: text(CONTENT_LIMITS.short),
  context: text(CONTENT_LIMITS.lead).optional(),
  type: z.enum(STATISTIC_TYPES).default('other'),
  display_type: z.enum(STATISTIC_DISPLAY_TYPES).default('callout'),
  color_category: z.enum(COLOR_CATEGORIES).default('primary'),
  /** Name of the source as shown next to the figure, e.g. "Example Research Panel 2025". */
  source: text(CONTENT_LIMITS.short),
  /** When given, must be the cited source's URL. */
  source_url: httpUrl.optional(),
  source_id: sourceId,
});

const ChartSeriesSchema = z.strictObject({
  name: text(CONTENT_LIMITS.chartLabel),
  values: z.array(z.number()),
});

export const ChartDataSchema = z.strictObject({
  labels: z.array(text(CONTENT_LIMITS.chartLabel)),
  /** One series (bar_horizontal, bar_vertical, donut, line). */
  values: z.array(z.number()).optional(),
  /** Several named series (line: 1–3, comparison: exactly 2). */
  series: z.array(ChartSeriesSchema).optional(),
});

export const ChartSchema = z
  .strictObject({
    id: idOf('chart'),
    type: z.enum(CHART_TYPES),
    title: text(CONTENT_LIMITS.short),
    /** Accessible description of what the chart shows (SVG `<desc>`). */
    description: text(CONTENT_LIMITS.lead).optional(),
    data: ChartDataSchema,
    /** "%" and currency symbols ($ € £ ¥) are attached to values, other units follow with a space. */
    unit: z.string().trim().max(12).optional(),
    /** Decimals shown on values; by default as many as the data has (at most 2). */
    decimals: z.number().int().min(0).max(3).optional(),
    source: text(CONTENT_LIMITS.short),
    source_id: sourceId,
  })
  .superRefine((chart, ctx) => {
    const { labels, values, series } = chart.data;
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path: ['data', ...path], message });
    const { min, max } = CONTENT_LIMITS.chartPoints;
    const maxPoints = chart.type === 'donut' ? CONTENT_LIMITS.donutSlices : max;
    if (labels.length < min || labels.length > maxPoints) {
      issue(['labels'], `A ${chart.type} chart needs ${min}–${maxPoints} labels, got ${labels.length}`);
    }
    const seen = new Set<string>();
    labels.forEach((label, i) => {
      if (seen.has(label)) issue(['labels', i], `Duplicate label "${label}"`);
      seen.add(label);
    });
    const needsSeries = chart.type === 'comparison';
    const allowsSeries = chart.type === 'comparison' || chart.type === 'line';
    if (values && series) issue([], 'Give either values or series, not both');
    else if (needsSeries && !series) issue(['series'], 'A comparison chart needs exactly two series');
    else if (!allowsSeries && series) issue(['series'], `A ${chart.type} chart takes values, not series`);
    else if (!values && !series) issue(['values'], 'Missing chart values');
    if (series) {
      if (chart.type === 'comparison' && series.length !== 2) {
        issue(['series'], `A comparison chart needs exactly two series, got ${series.length}`);
      }
      if (chart.type === 'line' && (series.length < 1 || series.length > CONTENT_LIMITS.lineSeries)) {
        issue(['series'], `A line chart takes 1–${CONTENT_LIMITS.lineSeries} series, got ${series.length}`);
      }
      const names = new Set<string>();
      series.forEach((entry, i) => {
        if (names.has(entry.name)) issue(['series', i, 'name'], `Duplicate series name "${entry.name}"`);
        names.add(entry.name);
        if (entry.values.length !== labels.length) {
          issue(
            ['series', i, 'values'],
            `Has ${entry.values.length} values for ${labels.length} labels; give one value per label`,
          );
        }
      });
    }
    if (values) {
      if (values.length !== labels.length) {
        issue(
          ['values'],
          `Has ${values.length} values for ${labels.length} labels; give one value per label`,
        );
      }
      if (chart.type === 'donut') {
        values.forEach((value, i) => {
          if (value < 0) issue(['values', i], 'Donut values must not be negative');
        });
        if (values.every((value) => value <= 0)) issue(['values'], 'Donut values must add up to more than 0');
      }
    }
  });

export const QuoteSchema = z.strictObject({
  id: idOf('quote'),
  text: text(CONTENT_LIMITS.quote),
  /** Who said it, e.g. "Jane Doe". */
  attribution: text(CONTENT_LIMITS.short),
  /** Their role, e.g. "Chief Operating Officer, Example Logistics". */
  role: text(CONTENT_LIMITS.short).optional(),
  /** Where it was said, e.g. "Interview, 2025". */
  source: text(CONTENT_LIMITS.short),
  source_id: sourceId,
});

export const TableSchema = z
  .strictObject({
    id: idOf('table'),
    title: text(CONTENT_LIMITS.short),
    columns: z
      .array(text(CONTENT_LIMITS.chartLabel))
      .min(CONTENT_LIMITS.tableColumns.min)
      .max(CONTENT_LIMITS.tableColumns.max),
    rows: z
      .array(z.array(z.string().trim().max(CONTENT_LIMITS.tableCell)))
      .min(CONTENT_LIMITS.tableRows.min)
      .max(CONTENT_LIMITS.tableRows.max),
    caption: text(CONTENT_LIMITS.lead).optional(),
    source: text(CONTENT_LIMITS.short).optional(),
    source_id: sourceId.optional(),
  })
  .superRefine((table, ctx) => {
    table.rows.forEach((row, i) => {
      if (row.length !== table.columns.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['rows', i],
          message: `Has ${row.length} cells for ${table.columns.length} columns`,
        });
      }
    });
    if ((table.source === undefined) !== (table.source_id === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['source_id'], message: 'Give source and source_id together' });
    }
  });

export const ConclusionSchema = z.strictObject({
  title: text(CONTENT_LIMITS.short),
  lead: text(CONTENT_LIMITS.lead),
  content: text(CONTENT_LIMITS.paragraph * 2),
  key_takeaways: z
    .array(text(CONTENT_LIMITS.lead))
    .min(CONTENT_LIMITS.keyTakeaways.min)
    .max(CONTENT_LIMITS.keyTakeaways.max),
  /** Call to action, e.g. "Contact us to discuss your AI strategy." */
  cta: text(CONTENT_LIMITS.lead),
});

export const ContentMetadataSchema = z.strictObject({
  word_count: z.number().int().nonnegative(),
  estimated_read_time_minutes: z.number().int().nonnegative(),
  generated_at: isoDateTime,
  /** BCP 47 language of the text, e.g. "en" or "pt-BR" (the HTML `lang`). */
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
    .default('en'),
  /** True for built-in sample content (template previews), which templates mark as such. */
  sample: z.boolean().default(false),
});

const DocumentContentObject = z.strictObject({
  version: z.literal(1),
  title: text(CONTENT_LIMITS.title),
  subtitle: text(CONTENT_LIMITS.subtitle).optional(),
  summary: text(CONTENT_LIMITS.summary),
  sections: z.array(SectionSchema).min(CONTENT_LIMITS.sections.min).max(CONTENT_LIMITS.sections.max),
  statistics: z.array(StatisticSchema).max(CONTENT_LIMITS.statistics).default([]),
  charts: z.array(ChartSchema).max(CONTENT_LIMITS.charts).default([]),
  quotes: z.array(QuoteSchema).max(CONTENT_LIMITS.quotes).default([]),
  tables: z.array(TableSchema).max(CONTENT_LIMITS.tables).default([]),
  conclusion: ConclusionSchema,
  sources: z.array(SourceSchema).max(CONTENT_LIMITS.sources).default([]),
  metadata: ContentMetadataSchema,
});

/** Inline citation markers in running text: `[1]`, `[2, 5]`. */
const CITATION = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;

/** A piece of running text: plain text, or a citation of source numbers. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'citation'; source_ids: number[] };

/** Running text split into text and citation markers, for templates (render citations as superscripts). */
export function splitCitations(value: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of value.matchAll(CITATION)) {
    const start = match.index;
    // "Results [1]" → the space before a marker belongs to it, so nothing dangles before the superscript.
    const before = value.slice(last, start).replace(/\s+$/, '');
    if (before) segments.push({ kind: 'text', text: before });
    segments.push({
      kind: 'citation',
      source_ids: (match[1] ?? '').split(',').map((id) => Number(id.trim())),
    });
    last = start + match[0].length;
  }
  const rest = value.slice(last);
  if (rest) segments.push({ kind: 'text', text: rest });
  return segments;
}

/** Source numbers cited inline in `value`, in order of appearance (with repeats). */
export function citedSourceIds(value: string): number[] {
  return splitCitations(value).flatMap((segment) => (segment.kind === 'citation' ? segment.source_ids : []));
}

type Path = (string | number)[];
type Content = z.output<typeof DocumentContentObject>;

/** Every piece of running text that may carry inline citations, with its path. */
function runningText(content: Content): [Path, string][] {
  const texts: [Path, string][] = [[['summary'], content.summary]];
  content.sections.forEach((section, s) => {
    texts.push([['sections', s, 'lead'], section.lead]);
    section.paragraphs.forEach((paragraph, p) => {
      texts.push([['sections', s, 'paragraphs', p], paragraph]);
    });
    section.subheadings.forEach((subheading, h) => {
      texts.push([['sections', s, 'subheadings', h, 'content'], subheading.content]);
    });
    if (section.callout) texts.push([['sections', s, 'callout', 'content'], section.callout.content]);
  });
  content.statistics.forEach((statistic, i) => {
    if (statistic.context) texts.push([['statistics', i, 'context'], statistic.context]);
  });
  texts.push([['conclusion', 'lead'], content.conclusion.lead]);
  texts.push([['conclusion', 'content'], content.conclusion.content]);
  content.conclusion.key_takeaways.forEach((takeaway, i) => {
    texts.push([['conclusion', 'key_takeaways', i], takeaway]);
  });
  return texts;
}

function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase();
}

function checkCrossFields(content: Content, ctx: z.RefinementCtx): void {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });

  // Numbered sources: 1, 2, 3, … in order, with their domain matching their URL.
  const sources = new Map<number, z.output<typeof SourceSchema>>();
  content.sources.forEach((source, i) => {
    if (source.id !== i + 1) issue(['sources', i, 'id'], `Sources are numbered in order: expected ${i + 1}`);
    sources.set(source.id, source);
    const host = hostOf(source.url);
    const domain = source.domain.toLowerCase();
    if (host !== domain && !host.endsWith(`.${domain}`)) {
      issue(['sources', i, 'domain'], `Domain ${source.domain} does not match the URL's host ${host}`);
    }
  });

  const cited = new Set<number>();
  const cite = (path: Path, id: number) => {
    cited.add(id);
    if (!sources.has(id)) issue(path, `Cites source ${id}, which is not in sources`);
  };
  for (const [path, value] of runningText(content)) {
    for (const id of citedSourceIds(value)) cite(path, id);
  }
  content.statistics.forEach((statistic, i) => {
    cite(['statistics', i, 'source_id'], statistic.source_id);
    const source = sources.get(statistic.source_id);
    if (source && statistic.source_url && statistic.source_url !== source.url) {
      issue(['statistics', i, 'source_url'], `Differs from the URL of source ${source.id}`);
    }
  });
  content.charts.forEach((chart, i) => {
    cite(['charts', i, 'source_id'], chart.source_id);
  });
  content.quotes.forEach((quote, i) => {
    cite(['quotes', i, 'source_id'], quote.source_id);
  });
  content.tables.forEach((table, i) => {
    if (table.source_id !== undefined) cite(['tables', i, 'source_id'], table.source_id);
  });
  content.sources.forEach((source, i) => {
    if (!cited.has(source.id)) issue(['sources', i], `Source ${source.id} is never cited`);
  });

  // Unique ids per kind, and section placements naming existing items.
  const kinds = [
    ['statistics', 'statistic_ids', content.statistics],
    ['charts', 'chart_ids', content.charts],
    ['quotes', 'quote_ids', content.quotes],
    ['tables', 'table_ids', content.tables],
  ] as const;
  for (const [collection, placement, items] of kinds) {
    const ids = new Set<string>();
    items.forEach((item, i) => {
      if (ids.has(item.id)) issue([collection, i, 'id'], `Duplicate id ${item.id}`);
      ids.add(item.id);
    });
    content.sections.forEach((section, s) => {
      section[placement].forEach((id, j) => {
        if (!ids.has(id)) issue(['sections', s, placement, j], `No ${collection} item has id ${id}`);
      });
    });
  }
  content.sections.forEach((section, s) => {
    if (section.number !== s + 1) {
      issue(['sections', s, 'number'], `Sections are numbered in order: expected ${s + 1}`);
    }
  });
}

/** The content of a document: PRD §4.2.7 `content_json` with numbered sources. */
export const DocumentContentSchema = DocumentContentObject.superRefine(checkCrossFields);

export type DocumentContentInput = z.input<typeof DocumentContentSchema>;
export type DocumentContent = z.output<typeof DocumentContentSchema>;
export type Source = z.output<typeof SourceSchema>;
export type Section = z.output<typeof SectionSchema>;
export type Callout = z.output<typeof CalloutSchema>;
export type Subheading = z.output<typeof SubheadingSchema>;
export type Statistic = z.output<typeof StatisticSchema>;
export type Chart = z.output<typeof ChartSchema>;
export type ChartData = z.output<typeof ChartDataSchema>;
export type Quote = z.output<typeof QuoteSchema>;
export type Table = z.output<typeof TableSchema>;
export type Conclusion = z.output<typeof ConclusionSchema>;
export type ContentMetadata = z.output<typeof ContentMetadataSchema>;

/** One validation problem, with its location as a readable path (`sections[0].paragraphs[2]`). */
export interface ContentIssue {
  path: string;
  message: string;
}

/** `['sections', 0, 'paragraphs', 2]` → `sections[0].paragraphs[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

export type ContentValidation =
  | { ok: true; content: DocumentContent }
  | { ok: false; issues: ContentIssue[] };

/** Validates content before rendering; issues carry precise paths for the pipeline's logs and retries. */
export function validateDocumentContent(input: unknown): ContentValidation {
  const result = DocumentContentSchema.safeParse(input);
  if (result.success) return { ok: true, content: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  };
}

/** Parses content or throws an error listing every issue. */
export function parseDocumentContent(input: unknown): DocumentContent {
  const result = validateDocumentContent(input);
  if (result.ok) return result.content;
  const lines = result.issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`);
  throw new Error(`Invalid document content:\n${lines.join('\n')}`);
}
