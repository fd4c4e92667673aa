/**
 * Step 1, topic analysis (PRD §7.2.1): the topic's scope, audience, angle and key concepts, and
 * how deep the research must go (`estimated_sources_needed`, 20–500), which sizes web research.
 */
import { z } from 'zod';
import { putArtifact } from '../artifacts.ts';
import type { StepContext } from '../step-task.ts';
import { ANALYST_SYSTEM, briefBlock } from './prompt-parts.ts';

/** PRD §7.2.3 bounds on the number of sources a run reads. */
export const SOURCE_BOUNDS = { min: 20, max: 500 } as const;
/** Sections a document may plan (the template may allow fewer). */
export const SECTION_BOUNDS = { min: 3, max: 10 } as const;

/** What the model answers (PRD §7.2.1 `TopicAnalysis`). */
export const TopicAnalysisSchema = z.object({
  refined_topic: z.string().min(1),
  topic_scope: z.enum(['narrow', 'medium', 'broad']),
  complexity_level: z.enum(['basic', 'intermediate', 'advanced']),
  target_audience: z.string().min(1),
  key_concepts: z.array(z.string().min(1)).min(1),
  related_topics: z.array(z.string()),
  recommended_sections: z.number().int(),
  research_depth: z.enum(['light', 'moderate', 'deep', 'comprehensive']),
  estimated_sources_needed: z.number().int(),
  content_angle: z.string().min(1),
  potential_statistics_topics: z.array(z.string()),
  industry_specific_considerations: z.array(z.string()),
});
export type TopicAnalysis = z.infer<typeof TopicAnalysisSchema>;

/** The step's artifact: the analysis with its numbers brought within bounds. */
export const TopicAnalysisArtifactSchema = TopicAnalysisSchema;

const clamp = (value: number, bounds: { min: number; max: number }) =>
  Math.min(bounds.max, Math.max(bounds.min, Math.round(value)));

/** The model's answer with out-of-range numbers clamped rather than rejected. */
export function normaliseTopicAnalysis(analysis: TopicAnalysis): TopicAnalysis {
  return {
    ...analysis,
    key_concepts: [...new Set(analysis.key_concepts.map((concept) => concept.trim()).filter(Boolean))].slice(
      0,
      12,
    ),
    recommended_sections: clamp(analysis.recommended_sections, SECTION_BOUNDS),
    estimated_sources_needed: clamp(analysis.estimated_sources_needed, SOURCE_BOUNDS),
  };
}

/** Analyses the run's topic and stores the result as the `topic_analysis` artifact. */
export async function analyzeTopic(context: StepContext): Promise<TopicAnalysis> {
  const model = await context.model();
  const { value } = await model.structured({
    step: 'topic_analysis',
    task: 'topic_analysis',
    system: ANALYST_SYSTEM,
    prompt: [
      'Analyse this content topic before research starts.',
      '',
      briefBlock(context.brief),
      '',
      'Decide how broad and complex the topic is, who the ideal reader is, the key concepts research must',
      `cover, how many sections the report needs (${SECTION_BOUNDS.min}–${SECTION_BOUNDS.max}) and how many`,
      `distinct sources thorough research needs (${SOURCE_BOUNDS.min} for a narrow, basic topic up to`,
      `${SOURCE_BOUNDS.max} for a broad, advanced one). Name the statistics worth looking for and what is`,
      'specific to the industry. The content angle is the distinctive point of view the report takes.',
    ].join('\n'),
    schema: TopicAnalysisSchema,
    facts: { brief: context.brief },
  });
  const analysis = normaliseTopicAnalysis(value);
  await putArtifact(context.ref, 'topic_analysis', analysis);
  return analysis;
}
