/**
 * What the pipeline's steps need from a language model, independent of who answers: Claude
 * through `@anthropic-ai/sdk` (`anthropic-gateway.ts`) or the local runtime's offline model
 * (`offline/`). Steps only ever talk to a {@link ModelGateway}.
 */
import type { z } from 'zod';
import type { GenerationStepId } from '../generation/steps.ts';

/** Tokens and server-tool calls one request consumed, with the model that consumed them. */
export interface ModelUsage {
  model: string;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  web_search_requests: number;
}

/** A request for JSON that must satisfy `schema`. */
export interface StructuredCall<T> {
  /** The pipeline step asking: selects the configured model and labels the usage. */
  step: GenerationStepId;
  /**
   * What the call is for inside its step (`topic_analysis`, `section`, `extract_insights`…).
   * Logged with the call; the offline model answers per task.
   */
  task: string;
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  /**
   * The structured facts the prompt was written from (brief, outline, statistics, sources…). Claude
   * reads the prompt and ignores this; the offline model composes its answer from it.
   */
  facts?: unknown;
  /** Upper bound on output tokens; the gateway picks a sensible default per step. */
  maxTokens?: number;
}

/** A request to discover sources for several queries with Claude's web search tool. */
export interface WebSearchCall {
  step: GenerationStepId;
  /** The refined topic, for the model's context. */
  topic: string;
  /** Queries searched in this request. */
  queries: readonly string[];
  /** `max_uses` of the web search tool (defaults to the number of queries). */
  maxUses?: number;
}

/** One search result the model saw. */
export interface WebSearchHit {
  url: string;
  title: string;
  /** Text the model cited from the result, or '' when it cited nothing from it. */
  snippet: string;
  /** As the search returned it (free text such as "April 30, 2025"), or null. */
  page_age: string | null;
  /** The query that found it. */
  query: string;
}

/** A model answer and what producing it cost. */
export interface ModelResult<T> {
  value: T;
  /** One entry per HTTP request made (a repair attempt adds one). */
  usage: ModelUsage[];
}

/** A language model as the pipeline uses it. */
export interface ModelGateway {
  /** `offline` is the local runtime's built-in model: its content is marked as sample text. */
  readonly mode: 'anthropic' | 'offline';
  /** JSON output validated against the call's schema (one repair attempt, then GEN_006). */
  structured<T>(call: StructuredCall<T>): Promise<ModelResult<T>>;
  /** Search results for the call's queries. */
  webSearch(call: WebSearchCall): Promise<ModelResult<WebSearchHit[]>>;
}
