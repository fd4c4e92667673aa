/**
 * Step 4, industry analysis (PRD §7.2.4): the industry context of the topic — trends, challenges,
 * opportunities, benchmarks — drawn from the research, the industry reports first.
 */
import { z } from 'zod';
import { getArtifact, putArtifact } from '../artifacts.ts';
import type { StepContext } from '../step-task.ts';
import { ANALYST_SYSTEM, briefBlock, bulletList } from './prompt-parts.ts';
import { ResearchArtifactSchema, sourceLine, statisticLine } from './research-artifact.ts';
import { TopicAnalysisArtifactSchema } from './topic-analysis.ts';

/** What the model answers (PRD §7.2.4 `IndustryAnalysis`); benchmarks name their source id. */
export const IndustryAnalysisSchema = z.object({
  industry_overview: z.string().min(1),
  current_trends: z.array(z.string()),
  challenges: z.array(z.string()),
  opportunities: z.array(z.string()),
  benchmarks: z.array(z.object({ metric: z.string(), value: z.string(), source_id: z.number().int() })),
  competitive_landscape: z.string(),
  future_outlook: z.string(),
  key_players: z.array(z.string()),
  regulatory_considerations: z.array(z.string()),
});
export type IndustryAnalysis = z.infer<typeof IndustryAnalysisSchema>;

/** Sources shown to the model: the most relevant ones, whose excerpts fit a prompt. */
const PROMPT_SOURCES = 15;

/** Analyses the industry context and stores the `industry_analysis` artifact. */
export async function analyzeIndustry(context: StepContext): Promise<IndustryAnalysis> {
  const [analysis, research] = await Promise.all([
    getArtifact(context.ref, 'topic_analysis', TopicAnalysisArtifactSchema),
    getArtifact(context.ref, 'web_research', ResearchArtifactSchema),
  ]);
  const industry = context.brief.industry ?? 'the industry the topic belongs to';
  const sources = research.sources.slice(0, PROMPT_SOURCES);
  const model = await context.model();
  const { value } = await model.structured({
    step: 'industry_analysis',
    task: 'industry_analysis',
    system: ANALYST_SYSTEM,
    prompt: [
      `Analyse the industry context for this report. Industry: ${industry}.`,
      '',
      briefBlock(context.brief),
      `Refined topic: ${analysis.refined_topic}`,
      `Considerations named earlier:\n${bulletList(analysis.industry_specific_considerations)}`,
      '',
      `Research synthesis: ${research.synthesis.summary}`,
      `Themes:\n${bulletList(research.synthesis.themes)}`,
      `Insights:\n${bulletList(research.insights.slice(0, 20).map((i) => `${i.text} [${i.source_ids.join(', ')}]`))}`,
      `Statistics (verified in their sources):\n${bulletList(research.statistics.slice(0, 20).map(statisticLine))}`,
      `Sources:\n${bulletList(sources.map(sourceLine))}`,
      '',
      'Benchmarks must be statistics from the list above, with the id of their source. Use only what',
      'the research supports; say less rather than guess.',
    ].join('\n'),
    schema: IndustryAnalysisSchema,
    facts: { brief: context.brief, analysis, research: { ...research, sources } },
  });
  const known = new Set(research.statistics.map((statistic) => `${statistic.source_id}:${statistic.value}`));
  // A benchmark is only kept when it is one of the verified statistics (same value, same source).
  const industryAnalysis: IndustryAnalysis = {
    ...value,
    benchmarks: value.benchmarks.filter((benchmark) =>
      known.has(`${benchmark.source_id}:${benchmark.value}`),
    ),
  };
  await putArtifact(context.ref, 'industry_analysis', industryAnalysis);
  return industryAnalysis;
}
