/**
 * Step 7, statistics integration (PRD §7.2.7), the provenance gate of the document:
 *
 * - the statistics the sections use are checked once more against the fetched text of the source
 *   they cite (`verifyStatistics`); only those found there are formatted for display (value as
 *   written, label, context, type, display type, colour category, source) — at most the content
 *   limit, in the order the sections use them;
 * - running text is held to the same rule: a sentence stating a figure (a percentage, an amount
 *   of money, a multiple) that appears neither in the text of a source the sentence cites nor
 *   among the verified statistics is removed, so no unverifiable number reaches the PDF.
 *
 * The counts (statistics verified and dropped during research and here, sentences removed) are
 * the step's metadata; the document records how many statistics were verified and dropped.
 */
import { z } from 'zod';
import { COLOR_CATEGORIES, CONTENT_LIMITS, citedSourceIds } from '../../content/document-content.ts';
import { service } from '../../data/service.ts';
import { statisticAppearsInText, verifyStatistics } from '../../research/verify-statistics.ts';
import { getArtifact, putArtifact } from '../artifacts.ts';
import { GenerationError } from '../job-lifecycle.ts';
import type { StepContext } from '../step-task.ts';
import { type Draft, DraftSchema } from './content-writing.ts';
import { ResearchArtifactSchema, type ResearchSource, type ResearchStatistic } from './research-artifact.ts';
import { readSourceTexts } from './web-research.ts';

/** A statistic ready for display; `source_id` is still the research's source number. */
export const FormattedStatisticSchema = z.object({
  id: z.string(),
  value: z.string(),
  label: z.string(),
  context: z.string().nullable(),
  type: z.string(),
  display_type: z.enum(['callout', 'inline', 'chart']),
  color_category: z.enum(COLOR_CATEGORIES),
  source: z.string(),
  source_url: z.string(),
  source_id: z.number().int().positive(),
});
export type FormattedStatistic = z.infer<typeof FormattedStatisticSchema>;

export const StatisticsCountsSchema = z.object({
  /** Extracted during research and found in their source's text. */
  research_verified: z.number().int(),
  /** Extracted during research and dropped: not found in their source's text. */
  research_dropped: z.number().int(),
  /** Placed by the writers but not found in their source's text when checked again here. */
  unverified: z.number().int(),
  /** Shown in the document. */
  used: z.number().int(),
  /** Sentences removed because they stated a figure no cited source contains. */
  sentences_removed: z.number().int(),
});
export type StatisticsCounts = z.infer<typeof StatisticsCountsSchema>;

/** The step's artifact: the draft with unverifiable figures removed, and the statistics to show. */
export const StatisticsArtifactSchema = z.object({
  draft: DraftSchema,
  statistics: z.array(FormattedStatisticSchema),
  counts: StatisticsCountsSchema,
});
export type StatisticsArtifact = z.infer<typeof StatisticsArtifactSchema>;

/**
 * Figures a reader takes as data: percentages, multiples, amounts of money and scaled numbers
 * ("4.2 million"). Bare numbers (years, "three steps", "412 companies") are not checked: they are
 * counts of the text's own making or dates, not statistics.
 */
const FIGURE =
  /(?:(?:US\$|[$€£¥₹])\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:thousand|million|billion|trillion|bn|mn|[kKmMbB])\b)?)|(?:\b\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b|per cent\b|percentage points?\b|x\b|×|times\b|-fold\b|(?:thousand|million|billion|trillion)\b))/g;

/** The figures stated in `sentence`. */
export function figuresIn(sentence: string): string[] {
  return [...sentence.matchAll(FIGURE)].map((match) => match[0].trim());
}

const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });
const LEADING_CITATION = /^\[\d{1,3}(?:\s*,\s*\d{1,3})*\]\s*/;

/**
 * Sentences of a text, each with its trailing space. Decimal points ("1.6x") do not end one; a
 * citation marker written after the full stop ("… year. [3]") stays with the sentence it cites.
 */
export function sentences(text: string): string[] {
  const parts: string[] = [];
  for (const { segment } of SENTENCES.segment(text)) {
    const marker = LEADING_CITATION.exec(segment)?.[0];
    if (marker && parts.length > 0) {
      parts[parts.length - 1] += marker;
      if (segment.length > marker.length) parts.push(segment.slice(marker.length));
    } else parts.push(segment);
  }
  return parts;
}

/** Where a figure may come from: the texts of the sources a sentence cites, and the verified values. */
export interface FigureEvidence {
  texts: ReadonlyMap<number, string>;
  values: readonly string[];
}

/** Whether every figure of `sentence` is supported by a source it cites or a verified statistic. */
export function sentenceSupported(sentence: string, evidence: FigureEvidence): boolean {
  const figures = figuresIn(sentence);
  if (figures.length === 0) return true;
  const cited = citedSourceIds(sentence).flatMap((id) => {
    const text = evidence.texts.get(id);
    return text ? [text] : [];
  });
  return figures.every(
    (figure) =>
      cited.some((text) => statisticAppearsInText(figure, text)) ||
      evidence.values.some((value) => statisticAppearsInText(figure, value)),
  );
}

/** `text` without its unsupported sentences (paragraph breaks kept); counts what was removed. */
export function withoutUnsupportedFigures(
  text: string,
  evidence: FigureEvidence,
  removed: { count: number },
): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) =>
      sentences(paragraph)
        .filter((sentence) => {
          const keep = sentenceSupported(sentence, evidence);
          if (!keep) removed.count += 1;
          return keep;
        })
        .join('')
        .trim(),
    )
    .filter(Boolean)
    .join('\n\n');
}

/** The draft with every running text filtered (see {@link withoutUnsupportedFigures}). */
export function filterDraft(draft: Draft, evidence: FigureEvidence, removed: { count: number }): Draft {
  const clean = (text: string) => withoutUnsupportedFigures(text, evidence, removed);
  const sections = draft.sections.map((section) => {
    const paragraphs = section.paragraphs.map(clean).filter(Boolean);
    if (paragraphs.length === 0) {
      throw new GenerationError(
        'GEN_006',
        `Section ${section.number} has no text left that its sources support`,
      );
    }
    return {
      ...section,
      lead: clean(section.lead) || section.title,
      paragraphs,
      subheadings: section.subheadings.flatMap((sub) => {
        const content = clean(sub.content);
        return content ? [{ ...sub, content }] : [];
      }),
      callout:
        section.callout && clean(section.callout.content)
          ? { ...section.callout, content: clean(section.callout.content) }
          : null,
    };
  });
  const summary = clean(draft.summary);
  const conclusionContent = clean(draft.conclusion.content);
  if (!summary || !conclusionContent) {
    throw new GenerationError(
      'GEN_006',
      'The summary or the conclusion has no text left that its sources support',
    );
  }
  return {
    ...draft,
    summary,
    sections,
    conclusion: {
      ...draft.conclusion,
      lead: clean(draft.conclusion.lead) || draft.conclusion.title,
      content: conclusionContent,
      key_takeaways: draft.conclusion.key_takeaways.map(clean).filter(Boolean),
    },
  };
}

/** The name shown next to a figure: the publisher, else the page title, else its domain. */
export function sourceName(source: ResearchSource): string {
  return (source.publisher ?? source.title ?? source.domain).slice(0, CONTENT_LIMITS.short);
}

/** Formats the statistics in the order the sections use them. */
export function formatStatistics(
  order: readonly string[],
  statistics: ReadonlyMap<string, ResearchStatistic>,
  sources: ReadonlyMap<number, ResearchSource>,
): FormattedStatistic[] {
  const formatted: FormattedStatistic[] = [];
  for (const id of order) {
    const statistic = statistics.get(id);
    const source = statistic && sources.get(statistic.source_id);
    if (!statistic || !source || statistic.value.length > CONTENT_LIMITS.statisticValue) continue;
    formatted.push({
      id: statistic.id,
      value: statistic.value,
      label: statistic.label.slice(0, CONTENT_LIMITS.short),
      context: statistic.context,
      type: statistic.type,
      display_type: 'callout',
      color_category: COLOR_CATEGORIES[
        formatted.length % COLOR_CATEGORIES.length
      ] as FormattedStatistic['color_category'],
      source: sourceName(source),
      source_url: source.url,
      source_id: source.id,
    });
    if (formatted.length === CONTENT_LIMITS.statistics) break;
  }
  return formatted;
}

/** Integrates the statistics and stores the `statistics_integration` artifact. */
export async function integrateStatistics(context: StepContext): Promise<StatisticsArtifact> {
  const [draft, research] = await Promise.all([
    getArtifact(context.ref, 'content_writing', DraftSchema),
    getArtifact(context.ref, 'web_research', ResearchArtifactSchema),
  ]);
  const texts = await readSourceTexts(context.ref);
  const used = [...new Set(draft.sections.flatMap((section) => section.statistic_ids))];
  const byId = new Map(research.statistics.map((statistic) => [statistic.id, statistic]));
  const candidates = used.flatMap((id) => byId.get(id) ?? []);
  const { verified, dropped } = verifyStatistics(candidates, texts);
  const verifiedIds = new Set(verified.map((statistic) => statistic.id));
  const statistics = formatStatistics(
    used.filter((id) => verifiedIds.has(id)),
    byId,
    new Map(research.sources.map((source) => [source.id, source])),
  );
  const shown = new Set(statistics.map((statistic) => statistic.id));
  const removed = { count: 0 };
  const evidence: FigureEvidence = {
    texts: new Map([...texts].map(([id, source]) => [id, `${source.title}\n${source.text}`])),
    values: statistics.map((statistic) => statistic.value),
  };
  const filtered = filterDraft(draft, evidence, removed);
  const artifact: StatisticsArtifact = {
    draft: {
      ...filtered,
      sections: filtered.sections.map((section) => ({
        ...section,
        statistic_ids: section.statistic_ids.filter((id) => shown.has(id)),
      })),
    },
    statistics,
    counts: {
      research_verified: research.counts.statistics_verified,
      research_dropped: research.counts.statistics_dropped,
      unverified: dropped.length,
      used: statistics.length,
      sentences_removed: removed.count,
    },
  };
  await putArtifact(context.ref, 'statistics_integration', artifact);
  await recordCounts(context, artifact.counts);
  return artifact;
}

/** The document's provenance counts: statistics verified in their sources, and those dropped. */
async function recordCounts(context: StepContext, counts: StatisticsCounts): Promise<void> {
  await service()
    .entities.document.patch({ agency_id: context.ref.agency_id, id: context.ref.document_id })
    .set({
      statistics_verified_count: counts.research_verified - counts.unverified,
      statistics_dropped_count: counts.research_dropped + counts.unverified,
    })
    .go();
}
