/**
 * The synthesis of the research (PRD §7.2.3 phase 5): one structured call over what extraction
 * found — insights with their sources, verified statistics, the source list — that names the
 * themes and key findings a report should build on, each finding tied to source ids.
 */
import type { ModelGateway, ModelUsage } from '../llm/model-gateway.ts';
import type { ExtractedInsight } from './research-schemas.ts';
import { type Synthesis, SynthesisSchema } from './research-schemas.ts';
import { citingKnownSources } from './verify-statistics.ts';

export interface SynthesizeResearchOptions {
  gateway: Pick<ModelGateway, 'structured'>;
  topic: string;
  keyConcepts?: readonly string[];
  /** Brief lines (audience, direction…) added to the prompt as given. */
  brief?: string;
  system?: string;
  /** The sources that were read; findings may cite only these. */
  sources: readonly { id: number; title: string; domain?: string }[];
  insights: readonly ExtractedInsight[];
  statistics: readonly { value: string; label: string; source_id: number }[];
  /** Caps on what the prompt lists (defaults 80 insights, 40 statistics). */
  maxInsights?: number;
  maxStatistics?: number;
}

export const SYNTHESIS_SYSTEM =
  'You are a senior research analyst. You synthesise research for a thought-leadership report: ' +
  'what the evidence establishes, where sources agree, and where it is thin. Every finding rests on ' +
  'the listed sources. You answer with JSON that matches the schema.';

const ids = (sourceIds: readonly number[]) => `[${sourceIds.join(', ')}]`;

/**
 * The insights worth the prompt's tokens: those more sources support first (agreement is what a
 * synthesis looks for), then in extraction order.
 */
function strongest(insights: readonly ExtractedInsight[], max: number): ExtractedInsight[] {
  return insights
    .map((insight, index) => ({ insight, index }))
    .sort((a, b) => b.insight.source_ids.length - a.insight.source_ids.length || a.index - b.index)
    .slice(0, max)
    .map(({ insight }) => insight);
}

/** The synthesis prompt (exported for tests and token estimates). */
export function synthesisPrompt(options: Omit<SynthesizeResearchOptions, 'gateway' | 'system'>): string {
  const insights = strongest(options.insights, options.maxInsights ?? 80);
  const statistics = options.statistics.slice(0, options.maxStatistics ?? 40);
  return [
    `Topic: ${options.topic}`,
    options.keyConcepts?.length ? `Key concepts: ${options.keyConcepts.join('; ')}` : '',
    options.brief ?? '',
    '',
    `Sources read (${options.sources.length}):`,
    ...options.sources.map(
      (source) => `[${source.id}] ${source.title}${source.domain ? ` (${source.domain})` : ''}`,
    ),
    '',
    `Insights (${insights.length} of ${options.insights.length}):`,
    ...insights.map((insight) => `- ${insight.text} ${ids(insight.source_ids)}`),
    '',
    `Verified statistics (${statistics.length} of ${options.statistics.length}):`,
    ...statistics.map((statistic) => `- ${statistic.value}: ${statistic.label} [${statistic.source_id}]`),
    '',
    'Synthesise this research: a one-paragraph summary, the recurring themes, the key findings a report',
    'should build on (each with the ids of the sources behind it), and the gaps where evidence is thin.',
  ]
    .filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
    .join('\n');
}

/** The synthesis, with findings citing only sources that were read (findings left without any dropped). */
export async function synthesizeResearch(
  options: SynthesizeResearchOptions,
): Promise<{ synthesis: Synthesis; usage: ModelUsage[] }> {
  const { value, usage } = await options.gateway.structured({
    step: 'web_research',
    task: 'synthesize_research',
    system: options.system ?? SYNTHESIS_SYSTEM,
    prompt: synthesisPrompt(options),
    schema: SynthesisSchema,
    facts: { insights: options.insights, statistics: options.statistics },
  });
  const known = new Set(options.sources.map((source) => source.id));
  const keyFindings = citingKnownSources(value.key_findings, known);
  return { synthesis: { ...value, key_findings: keyFindings }, usage };
}
