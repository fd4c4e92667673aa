/**
 * Step 6, content writing (PRD §7.2.6). The sections are written in parallel (one task per
 * section in the state machine's `WriteSections` Map), beside the executive summary and the
 * conclusion, which are written from the outline so they need not wait for the sections; a final
 * task assembles the draft. Drafts cite research sources inline as `[id]` (the research's source
 * numbers); the template step renumbers them for the bibliography.
 */
import { z } from 'zod';
import { CALLOUT_TYPES, CONTENT_LIMITS } from '../../content/document-content.ts';
import { getArtifact, putArtifact } from '../artifacts.ts';
import { GenerationError } from '../job-lifecycle.ts';
import type { StepContext } from '../step-task.ts';
import { type OutlineArtifact, OutlineArtifactSchema, type OutlineSection } from './outline.ts';
import { ANALYST_SYSTEM, briefBlock, bulletList } from './prompt-parts.ts';
import {
  type ResearchArtifact,
  ResearchArtifactSchema,
  type ResearchSource,
  sourceLine,
  statisticLine,
} from './research-artifact.ts';

/** What the model answers for one section (PRD §7.2.6 `WrittenSection`). */
export const SectionDraftSchema = z.object({
  lead_paragraph: z.string().min(1),
  body_paragraphs: z.array(z.string().min(1)).min(1),
  subsections: z.array(z.object({ title: z.string().min(1), content: z.string().min(1) })),
  callout: z
    .object({ type: z.enum(CALLOUT_TYPES), title: z.string().nullable(), content: z.string().min(1) })
    .nullable(),
  statistics_used: z.array(z.string()),
});
export type SectionDraft = z.infer<typeof SectionDraftSchema>;

/** What the model answers for the executive summary. */
export const SummaryDraftSchema = z.object({ summary: z.string().min(1) });
export type SummaryDraft = z.infer<typeof SummaryDraftSchema>;

/** What the model answers for the conclusion. */
export const ConclusionDraftSchema = z.object({
  title: z.string().min(1),
  lead: z.string().min(1),
  content: z.string().min(1),
  key_takeaways: z.array(z.string().min(1)).min(1),
  cta: z.string().min(1),
});
export type ConclusionDraft = z.infer<typeof ConclusionDraftSchema>;

const DraftSectionSchema = z.object({
  number: z.number().int().positive(),
  label: z.string().nullable(),
  title: z.string(),
  lead: z.string(),
  paragraphs: z.array(z.string()).min(1),
  subheadings: z.array(z.object({ title: z.string(), content: z.string() })),
  callout: SectionDraftSchema.shape.callout,
  statistic_ids: z.array(z.string()),
  quote_ids: z.array(z.string()),
  chart: z.object({ include: z.boolean(), type: z.string() }),
});
export type DraftSection = z.infer<typeof DraftSectionSchema>;

/** The step's artifact (`content_writing`): the whole draft, citing research source ids. */
export const DraftSchema = z.object({
  title: z.string(),
  subtitle: z.string(),
  summary: z.string(),
  sections: z.array(DraftSectionSchema).min(1),
  conclusion: ConclusionDraftSchema,
});
export type Draft = z.infer<typeof DraftSchema>;

const CITATION_RULES =
  'Cite the research inline with its source numbers in square brackets right after the claim, e.g. ' +
  '"… in the last year [3]." or "[2, 7]". Use only the sources listed. Quote statistics exactly as ' +
  'given (same value, same source) and never state a figure that is not in the list.';

/** The sources a section draws on: those it planned, those of its statistics, then the most relevant. */
function sectionSources(research: ResearchArtifact, section: OutlineSection): ResearchSource[] {
  const wanted = new Set([
    ...section.source_ids,
    ...research.statistics
      .filter((s) => section.statistics_to_include.includes(s.id))
      .map((s) => s.source_id),
  ]);
  const planned = research.sources.filter((source) => wanted.has(source.id));
  const others = research.sources
    .filter((source) => !wanted.has(source.id))
    .slice(0, Math.max(0, 8 - planned.length));
  return [...planned, ...others];
}

async function planAndResearch(context: StepContext) {
  return Promise.all([
    getArtifact(context.ref, 'outline_creation', OutlineArtifactSchema),
    getArtifact(context.ref, 'web_research', ResearchArtifactSchema),
  ]);
}

/** Writes section `number` of the outline and stores `content_writing/section-{number}`. */
export async function writeSection(context: StepContext, number: number): Promise<SectionDraft> {
  const [outline, research] = await planAndResearch(context);
  const section = outline.sections.find((each) => each.number === number);
  if (!section) throw new GenerationError('GEN_001', `The outline has no section ${number}`);
  const sources = sectionSources(research, section);
  const sourceIds = new Set(sources.map((source) => source.id));
  const statistics = research.statistics.filter(
    (statistic) => section.statistics_to_include.includes(statistic.id) || sourceIds.has(statistic.source_id),
  );
  const insights = research.insights.filter((insight) => insight.source_ids.some((id) => sourceIds.has(id)));
  const quotes = research.quotes.filter((quote) =>
    outline.quotes_placement.some(
      (placement) => placement.quote_id === quote.id && placement.section === number,
    ),
  );
  const model = await context.model();
  const { value } = await model.structured({
    step: 'content_writing',
    task: 'section',
    system: ANALYST_SYSTEM,
    prompt: [
      `Write section ${number} of ${outline.sections.length} of the report "${outline.title}".`,
      '',
      briefBlock(context.brief),
      '',
      `Section label: ${section.label ?? 'none'}`,
      `Section title: ${section.title}`,
      `Key point: ${section.key_point}`,
      `Subtopics:\n${bulletList(section.subsections)}`,
      `Target length: about ${section.estimated_word_count} words`,
      section.include_callout
        ? `Include a ${section.callout_type} callout.`
        : 'No callout unless it truly helps.',
      '',
      `Statistics to use (id: value — label [source]):\n${bulletList(statistics.map(statisticLine))}`,
      `Findings:\n${bulletList(insights.slice(0, 15).map((i) => `${i.text} [${i.source_ids.join(', ')}]`))}`,
      `Sources:\n${bulletList(sources.map(sourceLine))}`,
      '',
      CITATION_RULES,
      'Open with a bold one- or two-sentence lead. Write 2–5 body paragraphs, optional subsections for the',
      'subtopics, and list in statistics_used the ids of the statistics you used. Write for the audience',
      'in the tone given; no clichés, no filler, no sales pitch.',
    ].join('\n'),
    schema: SectionDraftSchema,
    facts: { brief: context.brief, outline, section, statistics, insights, sources, quotes },
  });
  await putArtifact(context.ref, `content_writing/section-${number}`, value);
  return value;
}

/** Writes the executive summary from the outline and stores `content_writing/summary`. */
export async function writeSummary(context: StepContext): Promise<SummaryDraft> {
  const [outline, research] = await planAndResearch(context);
  const model = await context.model();
  const { value } = await model.structured({
    step: 'content_writing',
    task: 'summary',
    system: ANALYST_SYSTEM,
    prompt: [
      `Write the executive summary of the report "${outline.title}" (${outline.subtitle}).`,
      '',
      briefBlock(context.brief),
      `Points the summary must make:\n${bulletList(outline.executive_summary_points)}`,
      `Sections:\n${bulletList(outline.sections.map((s) => `${s.title}: ${s.key_point}`))}`,
      `Research synthesis: ${research.synthesis.summary}`,
      `Statistics:\n${bulletList(research.statistics.slice(0, 12).map(statisticLine))}`,
      `Sources:\n${bulletList(research.sources.slice(0, 20).map(sourceLine))}`,
      '',
      CITATION_RULES,
      `One to three paragraphs, at most ${Math.floor(CONTENT_LIMITS.summary * 0.9)} characters, separated by a blank line.`,
    ].join('\n'),
    schema: SummaryDraftSchema,
    facts: { brief: context.brief, outline, research },
  });
  await putArtifact(context.ref, 'content_writing/summary', value);
  return value;
}

/** Writes the conclusion from the outline and stores `content_writing/conclusion`. */
export async function writeConclusion(context: StepContext): Promise<ConclusionDraft> {
  const [outline, research] = await planAndResearch(context);
  const model = await context.model();
  const { value } = await model.structured({
    step: 'content_writing',
    task: 'conclusion',
    system: ANALYST_SYSTEM,
    prompt: [
      `Write the conclusion of the report "${outline.title}".`,
      '',
      briefBlock(context.brief),
      `Conclusion title: ${outline.conclusion.title}`,
      `Key takeaways to make:\n${bulletList(outline.conclusion.key_takeaways)}`,
      `Call to action: ${outline.conclusion.call_to_action}`,
      `Sections:\n${bulletList(outline.sections.map((s) => `${s.title}: ${s.key_point}`))}`,
      `Sources:\n${bulletList(research.sources.slice(0, 20).map(sourceLine))}`,
      '',
      CITATION_RULES,
      'A one- or two-sentence lead, one or two paragraphs of content, 3–5 key takeaways and the call to action.',
    ].join('\n'),
    schema: ConclusionDraftSchema,
    facts: { brief: context.brief, outline, research },
  });
  await putArtifact(context.ref, 'content_writing/conclusion', value);
  return value;
}

/** Joins the outline and the written parts into the draft. */
export function assembleDraft(
  outline: OutlineArtifact,
  sections: ReadonlyMap<number, SectionDraft>,
  summary: SummaryDraft,
  conclusion: ConclusionDraft,
): Draft {
  return {
    title: outline.title,
    subtitle: outline.subtitle,
    summary: summary.summary,
    sections: outline.sections.map((plan) => {
      const written = sections.get(plan.number);
      if (!written) throw new GenerationError('GEN_001', `Section ${plan.number} was not written`);
      return {
        number: plan.number,
        label: plan.label,
        title: plan.title,
        lead: written.lead_paragraph,
        paragraphs: written.body_paragraphs,
        subheadings: written.subsections,
        callout: written.callout,
        statistic_ids: [...new Set([...plan.statistics_to_include, ...written.statistics_used])],
        quote_ids: outline.quotes_placement.filter((p) => p.section === plan.number).map((p) => p.quote_id),
        chart: { include: plan.include_chart, type: plan.chart_type },
      };
    }),
    conclusion,
  };
}

/** Assembles the written parts into the `content_writing` artifact. */
export async function assembleContent(context: StepContext): Promise<Draft> {
  const outline = await getArtifact(context.ref, 'outline_creation', OutlineArtifactSchema);
  const [summary, conclusion, ...written] = await Promise.all([
    getArtifact(context.ref, 'content_writing/summary', SummaryDraftSchema),
    getArtifact(context.ref, 'content_writing/conclusion', ConclusionDraftSchema),
    ...outline.sections.map((section) =>
      getArtifact(context.ref, `content_writing/section-${section.number}`, SectionDraftSchema),
    ),
  ]);
  const sections = new Map(
    outline.sections.map((section, index) => [section.number, written[index] as SectionDraft]),
  );
  const draft = assembleDraft(outline, sections, summary, conclusion);
  await putArtifact(context.ref, 'content_writing', draft);
  return draft;
}
