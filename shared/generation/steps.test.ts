import { describe, expect, it } from 'vitest';
import { GENERATION_STEP_DEFINITIONS, progressPercent, stepsAfter } from './steps.ts';

describe('generation steps (PRD §7.1.1)', () => {
  it('has twelve steps whose weights add up to 100', () => {
    expect(GENERATION_STEP_DEFINITIONS).toHaveLength(12);
    expect(GENERATION_STEP_DEFINITIONS.reduce((sum, step) => sum + step.weight, 0)).toBe(100);
  });

  it('turns a step and its own progress into the overall percent', () => {
    expect(progressPercent('topic_analysis')).toBe(0);
    expect(progressPercent('keyword_research')).toBe(5);
    expect(progressPercent('web_research', 0.5)).toBe(25);
    expect(progressPercent('industry_analysis')).toBe(40);
    expect(progressPercent('quality_review', 1)).toBe(100);
    expect(progressPercent('quality_review', 0.99)).toBe(99);
  });

  it('lists the steps still to come', () => {
    expect(stepsAfter('pdf_rendering')).toEqual(['quality_review']);
    expect(stepsAfter('quality_review')).toEqual([]);
  });
});
