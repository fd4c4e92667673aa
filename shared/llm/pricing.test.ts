import { describe, expect, it } from 'vitest';
import type { ModelUsage } from './model-gateway.ts';
import { hasPrice, priceUsageCents, usageCostNanoUsd, usageTokens } from './pricing.ts';

const usage = (overrides: Partial<ModelUsage>): ModelUsage => ({
  model: 'claude-sonnet-5-5',
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  web_search_requests: 0,
  ...overrides,
});

describe('pricing', () => {
  it('prices tokens per model exactly ($2 / $10 per MTok for Sonnet 5.5)', () => {
    // 1M input tokens = $2 = 200 cents; 100k output = $1 = 100 cents.
    expect(priceUsageCents([usage({ input_tokens: 1_000_000, output_tokens: 100_000 })])).toBe(300);
    expect(usageCostNanoUsd(usage({ input_tokens: 1 }))).toBe(2_000);
  });

  it('charges $10 per 1,000 web searches', () => {
    expect(priceUsageCents([usage({ model: 'claude-haiku-5-5', web_search_requests: 7 })])).toBe(7);
  });

  it('prices cache reads and writes at their own rates', () => {
    // Opus 5.5: reads $0.20, writes $5 per MTok.
    expect(
      usageCostNanoUsd(
        usage({
          model: 'claude-opus-5-5',
          cache_read_input_tokens: 1_000,
          cache_creation_input_tokens: 1_000,
        }),
      ),
    ).toBe(1_000 * 200 + 1_000 * 5_000);
  });

  it("uses Haiku 5.5's higher tier for a whole request whose prompt is over 100k tokens", () => {
    const small = usage({ model: 'claude-haiku-5-5', input_tokens: 100_000, output_tokens: 1_000 });
    const large = usage({ model: 'claude-haiku-5-5', input_tokens: 100_001, output_tokens: 1_000 });
    expect(usageCostNanoUsd(small)).toBe(100_000 * 100 + 1_000 * 500);
    expect(usageCostNanoUsd(large)).toBe(100_001 * 500 + 1_000 * 2_500);
    // Cache reads count towards the prompt size.
    const cached = usage({
      model: 'claude-haiku-5-5',
      input_tokens: 60_000,
      cache_read_input_tokens: 60_000,
    });
    expect(usageCostNanoUsd(cached)).toBe(60_000 * 500 + 60_000 * 50);
  });

  it('rounds a fraction of a cent up once, at the total, not per request', () => {
    // 40 Haiku requests of 1,000 input tokens: $0.0001 each, $0.004 together → 1 cent (not 40).
    const many = Array.from({ length: 40 }, () => usage({ model: 'claude-haiku-5-5', input_tokens: 1_000 }));
    expect(priceUsageCents(many)).toBe(1);
    expect(priceUsageCents([])).toBe(0);
  });

  it('prices dated snapshots as their model and refuses unknown models', () => {
    expect(hasPrice('claude-haiku-4-5-20251001')).toBe(true);
    expect(hasPrice('claude-unknown-9')).toBe(false);
    expect(() => priceUsageCents([usage({ model: 'claude-unknown-9', input_tokens: 1 })])).toThrow(
      /No price/,
    );
  });

  it('counts cache tokens as input tokens', () => {
    expect(
      usageTokens([
        usage({
          input_tokens: 10,
          cache_read_input_tokens: 5,
          cache_creation_input_tokens: 1,
          output_tokens: 3,
        }),
        usage({ input_tokens: 4, output_tokens: 2 }),
      ]),
    ).toEqual({ input: 20, output: 5 });
  });
});
