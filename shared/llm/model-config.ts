/**
 * Which Claude model each pipeline step uses, and how many output tokens it may spend. Analysis
 * and writing get the strong model (`ANTHROPIC_MODEL_STRONG`); keyword research and web research
 * (discovery and extraction of facts from sources, many calls of a simple kind) the cheaper fast
 * one (`ANTHROPIC_MODEL_FAST`); `ANTHROPIC_MODEL_BY_STEP` overrides single steps.
 */
import { type Env, env } from '../config/env.ts';
import { GENERATION_STEPS } from '../data/entities/generation-jobs.ts';
import { type GenerationStepId, isGenerationStep } from '../generation/steps.ts';
import { hasPrice } from './pricing.ts';

/** The model and output budget of one step's calls. */
export interface StepModelSettings {
  model: string;
  /** `max_tokens` of a call (thinking included on models that always think). */
  maxTokens: number;
}

/** Steps whose calls are simple and many: the fast model. */
const FAST_STEPS: ReadonlySet<GenerationStepId> = new Set(['keyword_research', 'web_research']);

/**
 * Output budgets. Opus 5.5 always thinks and thinking counts against `max_tokens`, so the budgets
 * leave room above the answers' expected size (a section is ~1,500 words).
 */
const MAX_TOKENS: Readonly<Record<GenerationStepId, number>> = {
  topic_analysis: 4_000,
  keyword_research: 4_000,
  web_research: 8_000,
  industry_analysis: 8_000,
  outline_creation: 8_000,
  content_writing: 16_000,
  statistics_integration: 8_000,
  chart_generation: 4_000,
  cover_image: 2_000,
  template_application: 2_000,
  pdf_rendering: 2_000,
  quality_review: 4_000,
};

/** `step=model,step=model` → map; throws on an unknown step or a malformed pair. */
export function parseModelOverrides(value: string): Partial<Record<GenerationStepId, string>> {
  const overrides: Partial<Record<GenerationStepId, string>> = {};
  for (const pair of value
    .split(',')
    .map((each) => each.trim())
    .filter(Boolean)) {
    const [step, model, ...rest] = pair.split('=').map((each) => each.trim());
    if (!step || !model || rest.length > 0 || !isGenerationStep(step))
      throw new Error(
        `ANTHROPIC_MODEL_BY_STEP: "${pair}" is not step=model with a step among ${GENERATION_STEPS.join(', ')}`,
      );
    overrides[step] = model;
  }
  return overrides;
}

/**
 * The model and output budget of `step`. Throws for a configured model without a price, so a
 * typo fails the step before it spends anything rather than after.
 */
export function stepModel(step: GenerationStepId, settings: Env = env()): StepModelSettings {
  const model =
    parseModelOverrides(settings.ANTHROPIC_MODEL_BY_STEP)[step] ??
    (FAST_STEPS.has(step) ? settings.ANTHROPIC_MODEL_FAST : settings.ANTHROPIC_MODEL_STRONG);
  if (!hasPrice(model))
    throw new Error(`Model ${model} configured for step ${step} has no price in shared/llm/pricing.ts`);
  return { model, maxTokens: MAX_TOKENS[step] };
}
