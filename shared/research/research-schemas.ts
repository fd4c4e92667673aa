/**
 * What the model returns when it reads research sources (`extract_insights`) and when it pulls
 * the findings together (`synthesize_research`). Every item names the read source(s) it comes
 * from by the numeric id the sources were given (`read-sources.ts`), the same `source_id` the
 * document content cites. Descriptions travel into the JSON schema the model sees; constraints
 * the structured-output API ignores are left out.
 */
import { z } from 'zod';
import { STATISTIC_TYPES } from '../content/document-content.ts';

const sourceId = z.number().int().describe('The id of the <source> this comes from');

export const ExtractedInsightSchema = z.object({
  text: z.string().min(1).describe('One finding relevant to the topic, in one sentence of your own words'),
  source_ids: z.array(sourceId).describe('Every source that supports it'),
});
export type ExtractedInsight = z.infer<typeof ExtractedInsightSchema>;

export const ExtractedStatisticSchema = z.object({
  value: z
    .string()
    .min(1)
    .describe('The figure exactly as the source writes it, with its unit: "47%", "$1.2 billion", "3 in 4"'),
  label: z.string().min(1).describe('What it measures, in a few words'),
  context: z
    .string()
    .nullable()
    .describe('One sentence: who or what the figure is about, and where it comes from'),
  year: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe('The year the figure refers to, when the source says'),
  type: z.enum(STATISTIC_TYPES),
  source_id: sourceId,
});
export type ExtractedStatistic = z.infer<typeof ExtractedStatisticSchema>;

export const ExtractedQuoteSchema = z.object({
  text: z.string().min(1).describe('The words exactly as the source prints them, without quote marks'),
  attribution: z.string().min(1).describe('The name of the person quoted'),
  role: z.string().nullable().describe('Their title and organisation, when the source gives them'),
  source_id: sourceId,
});
export type ExtractedQuote = z.infer<typeof ExtractedQuoteSchema>;

/** The answer of `extract_insights` for one batch of sources. */
export const ExtractionSchema = z.object({
  insights: z.array(ExtractedInsightSchema),
  statistics: z.array(ExtractedStatisticSchema),
  quotes: z.array(ExtractedQuoteSchema),
});
export type Extraction = z.infer<typeof ExtractionSchema>;

/** The answer of `synthesize_research`. */
export const SynthesisSchema = z.object({
  summary: z.string().min(1).describe('What the research establishes, in one paragraph'),
  themes: z.array(z.string()).describe('The recurring themes, a few words each, most important first'),
  key_findings: z
    .array(
      z.object({
        finding: z.string().min(1).describe('One conclusion the evidence supports, in one sentence'),
        source_ids: z.array(sourceId).describe('The sources behind it'),
      }),
    )
    .describe('The findings a report on the topic should build on, most important first'),
  gaps: z.array(z.string()).describe('Questions the sources leave open or support only thinly'),
});
export type Synthesis = z.infer<typeof SynthesisSchema>;
