/**
 * What Claude usage costs (EXTERNAL-APIS.md A10, A8.1): USD per million tokens per model, and
 * $10 per 1,000 web searches. Costs are summed exactly in integer nano-dollars (every listed price
 * is a whole number of nano-dollars per token) and turned into cents only at a total, rounding a
 * fraction of a cent up, so many small requests cost the same as one request of their size.
 *
 * Prices change with the provider's price list: update this table (and add a model before
 * configuring it; `model-config.ts` refuses models without a price).
 */
import type { ModelUsage } from './model-gateway.ts';

/** USD per million tokens. */
export interface TokenPrices {
  input: number;
  output: number;
  /** Prompt-cache reads. */
  cache_read: number;
  /** Prompt-cache writes (5-minute cache; the gateway sets no longer-lived breakpoints). */
  cache_write: number;
}

export interface ModelPrice extends TokenPrices {
  /** Prices of a request whose prompt (input + cache tokens) exceeds `above_prompt_tokens`. */
  long_prompt?: TokenPrices & { above_prompt_tokens: number };
}

/**
 * Where A10 lists no cache price, the usual ratios are used (read 0.1×, 5-minute write 1.25×
 * the input price); those entries say so.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  // Cache read derived (0.1×); the >100k prompt tier from D-haiku55.
  'claude-haiku-5-5': {
    input: 0.1,
    output: 0.5,
    cache_read: 0.01,
    cache_write: 0.125,
    long_prompt: {
      above_prompt_tokens: 100_000,
      input: 0.5,
      output: 2.5,
      cache_read: 0.05,
      cache_write: 0.625,
    },
  },
  'claude-sonnet-5-5': { input: 2, output: 10, cache_read: 0.2, cache_write: 2.5 },
  'claude-opus-5-5': { input: 4, output: 20, cache_read: 0.2, cache_write: 5 },
  'claude-fable-5-1': { input: 10, output: 50, cache_read: 0.25, cache_write: 12.5 },
  // Cache write derived (1.25×).
  'claude-mythos-5-1': { input: 10, output: 50, cache_read: 0.25, cache_write: 12.5 },
  // Cache prices derived.
  'claude-sonnet-5': { input: 2, output: 10, cache_read: 0.2, cache_write: 2.5 },
  'claude-opus-5': { input: 5, output: 25, cache_read: 0.5, cache_write: 6.25 },
  // Cache write derived.
  'claude-fable-5': { input: 10, output: 50, cache_read: 1, cache_write: 12.5 },
  'claude-mythos-5': { input: 10, output: 50, cache_read: 1, cache_write: 12.5 },
  // Cache writes derived for the 4.x family.
  'claude-opus-4-8': { input: 5, output: 25, cache_read: 0.5, cache_write: 6.25 },
  'claude-opus-4-7': { input: 5, output: 25, cache_read: 0.5, cache_write: 6.25 },
  'claude-opus-4-6': { input: 5, output: 25, cache_read: 0.5, cache_write: 6.25 },
  'claude-opus-4-5': { input: 5, output: 25, cache_read: 0.5, cache_write: 6.25 },
  'claude-sonnet-4-6': { input: 3, output: 15, cache_read: 0.3, cache_write: 3.75 },
  'claude-haiku-4-5': { input: 1, output: 5, cache_read: 0.1, cache_write: 1.25 },
};

/** USD per web search ($10 per 1,000, A8.1). */
export const WEB_SEARCH_PRICE_USD = 0.01;

const NANO_PER_USD = 1_000_000_000;
/** Nano-dollars in one cent. */
export const NANO_USD_PER_CENT = NANO_PER_USD / 100;

/** A dated snapshot id (`claude-haiku-4-5-20251001`) is priced as its model. */
function priceKey(model: string): string {
  return model.replace(/-\d{8}$/, '');
}

/** Whether `model` has a price. */
export function hasPrice(model: string): boolean {
  return priceKey(model) in MODEL_PRICES;
}

/** The price of `model`; throws for a model missing from the table (an unpriced model is a configuration error). */
export function modelPrice(model: string): ModelPrice {
  const price = MODEL_PRICES[priceKey(model)];
  if (!price) throw new Error(`No price configured for model ${model} (shared/llm/pricing.ts)`);
  return price;
}

/** Nano-dollars per token for a price per million tokens: `$0.125/MTok` is exactly 125. */
const perToken = (usdPerMillion: number) => Math.round(usdPerMillion * 1000);

/** The exact cost of one request's usage, in nano-dollars (an integer). */
export function usageCostNanoUsd(usage: ModelUsage): number {
  const price = modelPrice(usage.model);
  const prompt = usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens;
  const tier =
    price.long_prompt && prompt > price.long_prompt.above_prompt_tokens ? price.long_prompt : price;
  return (
    usage.input_tokens * perToken(tier.input) +
    usage.output_tokens * perToken(tier.output) +
    usage.cache_read_input_tokens * perToken(tier.cache_read) +
    usage.cache_creation_input_tokens * perToken(tier.cache_write) +
    usage.web_search_requests * Math.round(WEB_SEARCH_PRICE_USD * NANO_PER_USD)
  );
}

/** Whole cents for an exact total: any fraction of a cent counts as a cent. */
export function nanoUsdToCents(nanoUsd: number): number {
  return Math.ceil(nanoUsd / NANO_USD_PER_CENT);
}

/** The cost of these requests together, in whole cents (fractions rounded up once, at the total). */
export function priceUsageCents(usage: readonly ModelUsage[]): number {
  return nanoUsdToCents(usage.reduce((sum, each) => sum + usageCostNanoUsd(each), 0));
}

/** Tokens of these requests: input counts cache reads and writes (everything the model read). */
export function usageTokens(usage: readonly ModelUsage[]): { input: number; output: number } {
  return usage.reduce(
    (sum, each) => ({
      input: sum.input + each.input_tokens + each.cache_creation_input_tokens + each.cache_read_input_tokens,
      output: sum.output + each.output_tokens,
    }),
    { input: 0, output: 0 },
  );
}
