/**
 * Step 10, template application (PRD §7.2.10): the draft, the verified statistics, the charts and
 * the research become the document's `content_json` — exactly the contract of
 * `shared/content/document-content.ts`, validated before anything is stored:
 *
 * - sources are numbered 1, 2, 3… in order of first citation (running text, then the figures,
 *   charts and quotes of each section); citation markers are rewritten to those numbers, markers
 *   naming no source read are removed, and sources beyond the content limit are left out together
 *   with what cites only them;
 * - texts are fitted to the content limits at a sentence boundary;
 * - offline runs are marked as sample content, which the templates print on the cover.
 *
 * The content is stored on the document (with its title, subtitle and slug) and as the step's
 * artifact; the PDF step renders it with the run's template.
 */
import {
  type Chart,
  CONTENT_LIMITS,
  type DocumentContent,
  type Quote,
  type Source,
  type Statistic,
  validateDocumentContent,
} from '../../content/document-content.ts';
import { service } from '../../data/service.ts';
import { contentWordCount, readTimeMinutes } from '../../documents/content-metrics.ts';
import { slugify } from '../../text/slug.ts';
import { getArtifact, putArtifact } from '../artifacts.ts';
import { GenerationError } from '../job-lifecycle.ts';
import type { StepContext } from '../step-task.ts';
import { ChartArtifactSchema, type PlannedChart } from './chart-generation.ts';
import type { Draft } from './content-writing.ts';
import { type ResearchArtifact, ResearchArtifactSchema, type ResearchSource } from './research-artifact.ts';
import { type FormattedStatistic, StatisticsArtifactSchema, sourceName } from './statistics-integration.ts';

/** Statistic cards per section; more figures read as a wall of numbers. */
const CARDS_PER_SECTION = 3;

/** `text` within `max` characters: cut after the last full sentence that fits, else at a word. */
export function fitText(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const window = trimmed.slice(0, max);
  const sentenceEnd = Math.max(window.lastIndexOf('. '), window.lastIndexOf('.\n'), window.lastIndexOf('? '));
  if (sentenceEnd > max / 2) return window.slice(0, sentenceEnd + 1).trim();
  return `${window.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/** A field that is not running text (titles, labels, quotes): citation markers have no place there. */
function plain(text: string, max: number): string {
  return fitText(text.replace(/\s*\[\d{1,3}(?:\s*,\s*\d{1,3})*\]/g, ''), max);
}

/** Numbers sources in order of first citation, up to the content limit. */
export class SourceNumbering {
  private readonly numbers = new Map<number, number>();
  constructor(private readonly known: ReadonlyMap<number, ResearchSource>) {}

  /** The document number of research source `id`, assigned on first use; undefined if it cannot have one. */
  cite(id: number): number | undefined {
    const existing = this.numbers.get(id);
    if (existing !== undefined) return existing;
    if (!this.known.has(id) || this.numbers.size >= CONTENT_LIMITS.sources) return undefined;
    const number = this.numbers.size + 1;
    this.numbers.set(id, number);
    return number;
  }

  /** `text` with its markers renumbered; markers without a number are removed with their space. */
  rewrite(text: string): string {
    return text
      .replace(/\s*\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g, (marker, ids: string) => {
        const mapped = [...new Set(ids.split(',').flatMap((id) => this.cite(Number(id.trim())) ?? []))];
        return mapped.length ? `${marker.match(/^\s*/)?.[0] ?? ''}[${mapped.join(', ')}]` : '';
      })
      .replace(/\s+([.,;:])/g, '$1');
  }

  /** The bibliography, in number order. */
  sources(): Source[] {
    return [...this.numbers.entries()].map(([researchId, number]) => {
      const source = this.known.get(researchId) as ResearchSource;
      return {
        id: number,
        title: fitText(source.title, CONTENT_LIMITS.short * 2),
        url: source.url,
        domain: new URL(source.url).hostname.replace(/^www\./, ''),
        ...(source.publisher ? { publisher: fitText(source.publisher, CONTENT_LIMITS.short) } : {}),
        ...(source.published_at ? { published_at: source.published_at.slice(0, 10) } : {}),
        accessed_at: new Date(source.accessed_at).toISOString(),
      };
    });
  }
}

/** Everything the content is assembled from. */
export interface ContentParts {
  draft: Draft;
  statistics: readonly FormattedStatistic[];
  charts: readonly PlannedChart[];
  research: Pick<ResearchArtifact, 'sources' | 'quotes'>;
  sample: boolean;
  generatedAt: string;
}

/** Assembles the content (see the module comment); the result still needs validating. */
export function assembleDocumentContent(parts: ContentParts): DocumentContent {
  const { draft } = parts;
  const numbering = new SourceNumbering(new Map(parts.research.sources.map((source) => [source.id, source])));
  const text = (value: string, max: number) => numbering.rewrite(fitText(value, max));
  const statisticsById = new Map(parts.statistics.map((statistic) => [statistic.id, statistic]));
  const quotesById = new Map(parts.research.quotes.map((quote) => [quote.id, quote]));
  const charted = new Set(parts.charts.flatMap((chart) => chart.statistic_ids));
  const statistics: Statistic[] = [];
  const charts: Chart[] = [];
  const quotes: Quote[] = [];

  const summary = text(draft.summary, CONTENT_LIMITS.summary);
  const sections = draft.sections.slice(0, CONTENT_LIMITS.sections.max).map((section) => {
    const written = {
      number: section.number,
      ...(section.label ? { label: plain(section.label, 60) } : {}),
      title: plain(section.title, CONTENT_LIMITS.short),
      lead: text(section.lead, CONTENT_LIMITS.lead),
      paragraphs: section.paragraphs
        .slice(0, CONTENT_LIMITS.paragraphsPerSection.max)
        .map((paragraph) => text(paragraph, CONTENT_LIMITS.paragraph)),
      subheadings: section.subheadings.slice(0, CONTENT_LIMITS.subheadingsPerSection).map((sub) => ({
        title: plain(sub.title, CONTENT_LIMITS.short),
        content: text(sub.content, CONTENT_LIMITS.paragraph),
      })),
      ...(section.callout
        ? {
            callout: {
              type: section.callout.type,
              ...(section.callout.title ? { title: plain(section.callout.title, CONTENT_LIMITS.short) } : {}),
              content: text(section.callout.content, CONTENT_LIMITS.lead),
            },
          }
        : {}),
    };
    // Figures a chart shows are not repeated as cards, nor a figure two sections used: it is shown once.
    const cards = [...new Set(section.statistic_ids)]
      .filter((id) => !charted.has(id) && !statistics.some((shown) => shown.id === id))
      .slice(0, CARDS_PER_SECTION);
    const statistic_ids = cards.flatMap((id) => {
      const statistic = statisticsById.get(id);
      const number = statistic && numbering.cite(statistic.source_id);
      if (!statistic || number === undefined) return [];
      statistics.push({
        id: statistic.id,
        value: statistic.value,
        label: plain(statistic.label, CONTENT_LIMITS.short),
        ...(statistic.context ? { context: text(statistic.context, CONTENT_LIMITS.lead) } : {}),
        type: statistic.type as Statistic['type'],
        display_type: statistic.display_type,
        color_category: statistic.color_category,
        source: statistic.source,
        source_url: statistic.source_url,
        source_id: number,
      });
      return [statistic.id];
    });
    const chart_ids = parts.charts
      .filter((planned) => planned.section === section.number)
      .flatMap(({ chart }) => {
        const number = numbering.cite(chart.source_id);
        if (number === undefined) return [];
        charts.push({ ...chart, source_id: number });
        return [chart.id];
      });
    const quote_ids = section.quote_ids.flatMap((id) => {
      const quote = quotesById.get(id);
      if (quotes.some((shown) => shown.id === id)) return [];
      const number = quote && numbering.cite(quote.source_id);
      if (!quote || number === undefined) return [];
      const source = parts.research.sources.find((each) => each.id === quote.source_id) as ResearchSource;
      quotes.push({
        id: quote.id,
        text: plain(quote.text, CONTENT_LIMITS.quote),
        attribution: fitText(quote.attribution, CONTENT_LIMITS.short),
        ...(quote.role ? { role: fitText(quote.role, CONTENT_LIMITS.short) } : {}),
        source: sourceName(source),
        source_id: number,
      });
      return [quote.id];
    });
    return { ...written, statistic_ids, chart_ids, quote_ids, table_ids: [] };
  });
  const conclusion = {
    title: plain(draft.conclusion.title, CONTENT_LIMITS.short),
    lead: text(draft.conclusion.lead, CONTENT_LIMITS.lead),
    content: text(draft.conclusion.content, CONTENT_LIMITS.paragraph * 2),
    key_takeaways: draft.conclusion.key_takeaways
      .slice(0, CONTENT_LIMITS.keyTakeaways.max)
      .map((takeaway) => text(takeaway, CONTENT_LIMITS.lead)),
    cta: plain(draft.conclusion.cta, CONTENT_LIMITS.lead),
  };
  const content: DocumentContent = {
    version: 1,
    title: plain(draft.title, CONTENT_LIMITS.title),
    subtitle: plain(draft.subtitle, CONTENT_LIMITS.subtitle),
    summary,
    sections,
    statistics,
    charts,
    quotes,
    tables: [],
    conclusion,
    sources: numbering.sources(),
    metadata: {
      word_count: 0,
      estimated_read_time_minutes: 0,
      generated_at: parts.generatedAt,
      language: 'en',
      sample: parts.sample,
    },
  };
  const words = contentWordCount(content);
  return {
    ...content,
    metadata: { ...content.metadata, word_count: words, estimated_read_time_minutes: readTimeMinutes(words) },
  };
}

/** Assembles, validates and stores the content; GEN_003 when it does not validate. */
export async function applyTemplate(context: StepContext): Promise<DocumentContent> {
  const [integrated, planned, research] = await Promise.all([
    getArtifact(context.ref, 'statistics_integration', StatisticsArtifactSchema),
    getArtifact(context.ref, 'chart_generation', ChartArtifactSchema),
    getArtifact(context.ref, 'web_research', ResearchArtifactSchema),
  ]);
  const input = assembleDocumentContent({
    draft: integrated.draft,
    statistics: integrated.statistics,
    charts: planned.charts,
    research,
    sample: await context.offline(),
    generatedAt: new Date().toISOString(),
  });
  const result = validateDocumentContent(input);
  if (!result.ok) {
    const issues = result.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw new GenerationError(
      'GEN_003',
      `The assembled content is invalid: ${issues.slice(0, 10).join('; ')}`,
    );
  }
  const content = result.content;
  const { document } = context.run;
  await service()
    .entities.document.patch({ agency_id: context.ref.agency_id, id: document.id })
    .set({
      content_json: content,
      title: content.title,
      ...(content.subtitle ? { subtitle: content.subtitle } : {}),
      slug: slugify(content.title),
    })
    .go();
  await putArtifact(context.ref, 'template_application', content);
  return content;
}
