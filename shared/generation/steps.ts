/**
 * The pipeline's steps as users see them (PRD §7.1.1 / §7.3): id, label and weight. Progress
 * percentages, the status endpoint, WebSocket messages and the dashboard all read this table.
 * The weights add up to 100.
 *
 * No imports: the dashboard bundles this module for the browser.
 */

/** Pipeline step ids in order (PRD §7.1.1). */
export const GENERATION_STEPS = [
  'topic_analysis',
  'keyword_research',
  'web_research',
  'industry_analysis',
  'outline_creation',
  'content_writing',
  'statistics_integration',
  'chart_generation',
  'cover_image',
  'template_application',
  'pdf_rendering',
  'quality_review',
] as const;

/** One of the twelve PRD step ids. */
export type GenerationStepId = (typeof GENERATION_STEPS)[number];

/** A step as shown to users. */
export interface GenerationStepDefinition {
  readonly id: GenerationStepId;
  readonly label: string;
  /** Share of the whole run, in percent. */
  readonly weight: number;
}

const LABELS_AND_WEIGHTS: Readonly<Record<GenerationStepId, readonly [label: string, weight: number]>> = {
  topic_analysis: ['Analyzing Topic', 5],
  keyword_research: ['Researching Keywords', 5],
  web_research: ['Conducting Research', 30],
  industry_analysis: ['Analyzing Industry', 10],
  outline_creation: ['Creating Outline', 5],
  content_writing: ['Writing Content', 25],
  statistics_integration: ['Integrating Statistics', 5],
  chart_generation: ['Generating Charts', 5],
  cover_image: ['Preparing Cover Image', 3],
  template_application: ['Applying Design', 4],
  pdf_rendering: ['Rendering PDF', 2],
  quality_review: ['Final Review', 1],
};

/** The steps in pipeline order. */
export const GENERATION_STEP_DEFINITIONS: readonly GenerationStepDefinition[] = GENERATION_STEPS.map(
  (id) => ({
    id,
    label: LABELS_AND_WEIGHTS[id][0],
    weight: LABELS_AND_WEIGHTS[id][1],
  }),
);

/** The definition of `step`. */
export function stepDefinition(step: GenerationStepId): GenerationStepDefinition {
  return GENERATION_STEP_DEFINITIONS[GENERATION_STEPS.indexOf(step)] as GenerationStepDefinition;
}

/** Whether `value` is a PRD step id. */
export function isGenerationStep(value: string): value is GenerationStepId {
  return (GENERATION_STEPS as readonly string[]).includes(value);
}

/**
 * Overall percent (integer 0–100) when `step` is `fraction` (0–1) done: the weights of the steps
 * before it plus that share of its own weight, rounded down so 100 only means finished.
 */
export function progressPercent(step: GenerationStepId, fraction = 0): number {
  const index = GENERATION_STEPS.indexOf(step);
  const before = GENERATION_STEP_DEFINITIONS.slice(0, index).reduce((sum, each) => sum + each.weight, 0);
  const within = Math.min(Math.max(fraction, 0), 1) * stepDefinition(step).weight;
  return Math.min(100, Math.floor(before + within));
}

/** Step ids after `step`, in order (the status endpoint's `steps_remaining`). */
export function stepsAfter(step: GenerationStepId): GenerationStepId[] {
  return GENERATION_STEPS.slice(GENERATION_STEPS.indexOf(step) + 1);
}
