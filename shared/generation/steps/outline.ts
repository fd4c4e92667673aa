/**
 * Step 5, outline creation (PRD §7.2.5): the document's structure — title, sections with their
 * kicker label, key point, subtopics, statistics, chart and callout plans — and the conclusion.
 * The section count is brought within the template's `max_sections`; statistics and quotes the
 * outline names must be ones the research verified.
 */
import { z } from 'zod';
import { CALLOUT_TYPES, CONTENT_LIMITS } from '../../content/document-content.ts';
import { getArtifact, putArtifact } from '../artifacts.ts';
import { GenerationError } from '../job-lifecycle.ts';
import { runTemplate } from '../run-template.ts';
import type { StepContext } from '../step-task.ts';
import { IndustryAnalysisSchema } from './industry-analysis.ts';
import { ANALYST_SYSTEM, briefBlock, bulletList } from './prompt-parts.ts';
import { ResearchArtifactSchema, sourceLine, statisticLine } from './research-artifact.ts';
import { SECTION_BOUNDS, TopicAnalysisArtifactSchema } from './topic-analysis.ts';

export const OUTLINE_CHART_TYPES = ['bar', 'line', 'donut', 'comparison'] as const;

const OutlineSectionSchema = z.object({
  /** Kicker such as "Strategy 1:", or null. */
  label: z.string().nullable(),
  title: z.string().min(1),
  key_point: z.string().min(1),
  subsections: z.array(z.string()),
  statistics_to_include: z.array(z.string()),
  source_ids: z.array(z.number().int()),
  include_chart: z.boolean(),
  chart_type: z.enum(OUTLINE_CHART_TYPES),
  include_callout: z.boolean(),
  callout_type: z.enum(CALLOUT_TYPES),
  estimated_word_count: z.number().int(),
});

/** What the model answers (PRD §7.2.5 `ContentOutline`, numbering left to us). */
export const OutlineSchema = z.object({
  title: z.string().min(1),
  subtitle: z.string().min(1),
  executive_summary_points: z.array(z.string()).min(1),
  sections: z.array(OutlineSectionSchema).min(1),
  conclusion: z.object({
    title: z.string().min(1),
    key_takeaways: z.array(z.string()).min(1),
    call_to_action: z.string().min(1),
  }),
  quotes_placement: z.array(z.object({ quote_id: z.string(), section: z.number().int() })),
});
export type Outline = z.infer<typeof OutlineSchema>;

/** The step's artifact: sections numbered 1…n, references checked, counts within bounds. */
export const OutlineArtifactSchema = OutlineSchema.extend({
  sections: z.array(OutlineSectionSchema.extend({ number: z.number().int().positive() })).min(1),
});
export type OutlineArtifact = z.infer<typeof OutlineArtifactSchema>;
export type OutlineSection = OutlineArtifact['sections'][number];

const WORDS = { min: 250, max: 700 } as const;
/** Statistics and quotes an outline prompt lists at most. */
const PROMPT_STATISTICS = 80;
const PROMPT_QUOTES = 20;

/**
 * Brings the model's outline within bounds: at most `maxSections` sections (numbered), word
 * counts within reason, and only statistics, sources and quotes the research has.
 */
export function normaliseOutline(
  outline: Outline,
  maxSections: number,
  known: { statistics: ReadonlySet<string>; sources: ReadonlySet<number>; quotes: ReadonlySet<string> },
): OutlineArtifact {
  const sections = outline.sections.slice(0, maxSections).map((section, index) => ({
    ...section,
    number: index + 1,
    label: section.label?.trim() || null,
    subsections: section.subsections.slice(0, CONTENT_LIMITS.subheadingsPerSection),
    statistics_to_include: [...new Set(section.statistics_to_include)].filter((id) =>
      known.statistics.has(id),
    ),
    source_ids: [...new Set(section.source_ids)].filter((id) => known.sources.has(id)),
    estimated_word_count: Math.min(WORDS.max, Math.max(WORDS.min, section.estimated_word_count)),
  }));
  const seenQuotes = new Set<string>();
  const quotes_placement = outline.quotes_placement.filter((placement) => {
    const fits =
      known.quotes.has(placement.quote_id) && placement.section >= 1 && placement.section <= sections.length;
    if (!fits || seenQuotes.has(placement.quote_id)) return false;
    seenQuotes.add(placement.quote_id);
    return true;
  });
  return {
    ...outline,
    sections,
    conclusion: {
      ...outline.conclusion,
      key_takeaways: outline.conclusion.key_takeaways.slice(0, CONTENT_LIMITS.keyTakeaways.max),
    },
    quotes_placement,
  };
}

/** Creates the outline, stores the `outline_creation` artifact; returns the section numbers. */
export async function createOutline(context: StepContext): Promise<{ sections: number[] }> {
  const [analysis, research, industry, template] = await Promise.all([
    getArtifact(context.ref, 'topic_analysis', TopicAnalysisArtifactSchema),
    getArtifact(context.ref, 'web_research', ResearchArtifactSchema),
    getArtifact(context.ref, 'industry_analysis', IndustryAnalysisSchema),
    runTemplate(context.run),
  ]);
  const maxSections = Math.min(template.max_sections, CONTENT_LIMITS.sections.max);
  const sectionCount = Math.min(maxSections, analysis.recommended_sections);
  // A deep run verifies hundreds of figures; the outline chooses among those of the best sources.
  const statistics = [...research.statistics]
    .sort((a, b) => a.source_id - b.source_id)
    .slice(0, PROMPT_STATISTICS);
  const quotes = research.quotes.slice(0, PROMPT_QUOTES);
  const model = await context.model();
  const { value } = await model.structured({
    step: 'outline_creation',
    task: 'outline',
    system: ANALYST_SYSTEM,
    prompt: [
      'Create the outline of this thought-leadership report.',
      '',
      briefBlock(context.brief),
      `Refined topic: ${analysis.refined_topic}`,
      `Audience: ${analysis.target_audience}`,
      `Angle: ${analysis.content_angle}`,
      `Sections: ${sectionCount} (never more than ${maxSections}, never fewer than ${SECTION_BOUNDS.min})`,
      '',
      `Research synthesis: ${research.synthesis.summary}`,
      `Insights:\n${bulletList(research.insights.slice(0, 15).map((i) => `${i.text} [${i.source_ids.join(', ')}]`))}`,
      `Trends:\n${bulletList(industry.current_trends)}`,
      `Challenges:\n${bulletList(industry.challenges)}`,
      `Verified statistics (id: value — label [source]):\n${bulletList(statistics.map(statisticLine))}`,
      `Quotes:\n${bulletList(quotes.map((q) => `${q.id}: "${q.text}" — ${q.attribution} [${q.source_id}]`))}`,
      `Sources:\n${bulletList(research.sources.slice(0, 40).map(sourceLine))}`,
      '',
      'Give each section a kicker label when the report is a list of strategies or steps ("Strategy 1:"),',
      'else null. Assign statistics by id to the section they support (each at most once), the sources',
      'each section should draw on by id, and a chart only where a section has two or more comparable',
      'statistics from one source. The conclusion has 3–5 key takeaways and a call to action that fits',
      'the publisher without being a sales pitch.',
    ].join('\n'),
    schema: OutlineSchema,
    facts: { brief: context.brief, analysis, research, industry, section_count: sectionCount },
  });
  const outline = normaliseOutline(value, maxSections, {
    statistics: new Set(research.statistics.map((statistic) => statistic.id)),
    sources: new Set(research.sources.map((source) => source.id)),
    quotes: new Set(research.quotes.map((quote) => quote.id)),
  });
  if (outline.sections.length < SECTION_BOUNDS.min) {
    throw new GenerationError(
      'GEN_006',
      `The outline has ${outline.sections.length} sections; a report needs at least ${SECTION_BOUNDS.min}`,
    );
  }
  await putArtifact(context.ref, 'outline_creation', outline);
  return { sections: outline.sections.map((section) => section.number) };
}
