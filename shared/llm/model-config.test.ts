import { describe, expect, it } from 'vitest';
import { type Env, env } from '../config/env.ts';
import { parseModelOverrides, stepModel } from './model-config.ts';

const settings = (overrides: Partial<Env>): Env => ({ ...env(), ...overrides });

describe('model per step', () => {
  it('uses the strong model for analysis and writing, the fast one for keywords and research', () => {
    const defaults = settings({ ANTHROPIC_MODEL_BY_STEP: '' });
    expect(stepModel('topic_analysis', defaults).model).toBe('claude-sonnet-5-5');
    expect(stepModel('content_writing', defaults)).toEqual({ model: 'claude-sonnet-5-5', maxTokens: 16_000 });
    expect(stepModel('keyword_research', defaults).model).toBe('claude-haiku-5-5');
    expect(stepModel('web_research', defaults).model).toBe('claude-haiku-5-5');
  });

  it('reads the strong and fast models and per-step overrides from configuration', () => {
    const configured = settings({
      ANTHROPIC_MODEL_STRONG: 'claude-opus-5-5',
      ANTHROPIC_MODEL_FAST: 'claude-haiku-4-5',
      ANTHROPIC_MODEL_BY_STEP: ' content_writing = claude-fable-5-1 ,quality_review=claude-haiku-5-5',
    });
    expect(stepModel('outline_creation', configured).model).toBe('claude-opus-5-5');
    expect(stepModel('keyword_research', configured).model).toBe('claude-haiku-4-5');
    expect(stepModel('content_writing', configured).model).toBe('claude-fable-5-1');
    expect(stepModel('quality_review', configured).model).toBe('claude-haiku-5-5');
  });

  it('refuses malformed overrides and models without a price before any call', () => {
    expect(() => parseModelOverrides('writing=claude-opus-5-5')).toThrow(/step=model/);
    expect(() => parseModelOverrides('content_writing')).toThrow(/step=model/);
    expect(() => stepModel('topic_analysis', settings({ ANTHROPIC_MODEL_STRONG: 'claude-opus-9' }))).toThrow(
      /no price/,
    );
  });
});
