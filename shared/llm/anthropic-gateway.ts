/**
 * The {@link ModelGateway} backed by Claude through `@anthropic-ai/sdk` (1.x, API version
 * 2026-10-21; EXTERNAL-APIS.md Parts A and B).
 *
 * - JSON through structured outputs (`output_config.format`, a JSON Schema made from the call's
 *   zod schema by the SDK's zod helper, which applies the API's strict-schema rules). Forced
 *   `tool_choice` is not an option: the 5.5 models refuse it. The answer is the text block
 *   (picked by type: 5.5 models may put a thinking block first), parsed and validated with zod.
 *   One repair attempt: an invalid answer goes back with the validation errors; a truncated one
 *   (`max_tokens`) is asked again with twice the budget. Then GEN_006. A refusal is GEN_006 at
 *   once (asking again would be refused again).
 * - Web search with the server tool (`web_search_20250305`, `max_uses`), continuing paused turns;
 *   hits from `web_search_tool_result` blocks, snippets from the answer's
 *   `web_search_result_location` citations.
 * - Requests retried per `retries.ts` (the SDK's own retries are off); failures are GEN errors
 *   (`model-errors.ts`). No `temperature`: this API version refuses it.
 */
import Anthropic from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
} from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import { env } from '../config/env.ts';
import type { GenerationStepId } from '../generation/steps.ts';
import { logger } from '../log.ts';
import { type StepModelSettings, stepModel } from './model-config.ts';
import { gatewayFailure, ModelGatewayError } from './model-errors.ts';
import type {
  ModelGateway,
  ModelResult,
  ModelUsage,
  StructuredCall,
  WebSearchCall,
  WebSearchHit,
} from './model-gateway.ts';
import { type RetryPolicy, retryPolicy, withRetries } from './retries.ts';

/** The web search tool version: the basic one (no code execution, ZDR-eligible). */
const WEB_SEARCH_TOOL = 'web_search_20250305';
/** Most `pause_turn` continuations of one search call before it returns what it has. */
const MAX_SEARCH_CONTINUATIONS = 3;
/** Ceiling for the doubled budget of a truncated answer's repair. */
const MAX_REPAIR_OUTPUT_TOKENS = 64_000;
/** Validation errors sent back in a repair request are cut to this length. */
const MAX_PROBLEM_LENGTH = 4_000;

export interface AnthropicGatewayOptions {
  apiKey: string;
  /** API origin without `/v1`; `ANTHROPIC_BASE_URL` by default. */
  baseURL?: string;
  /** Retry and time limits; the `ANTHROPIC_*` configuration by default. */
  retry?: RetryPolicy;
  /** Model and output budget per step; `model-config.ts` by default. */
  models?: (step: GenerationStepId) => StepModelSettings;
}

/** One request's usage as the pricing reads it. */
function usageOf(message: Message, requestedModel: string): ModelUsage {
  const usage = message.usage;
  return {
    model: message.model || requestedModel,
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
    web_search_requests: usage.server_tool_use?.web_search_requests ?? 0,
  };
}

type StructuredOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; problem: 'refused' | 'truncated' | 'invalid'; detail: string; text: string };

/** Reads a structured answer: the text blocks' JSON, validated by `schema`. */
function readStructured<T>(message: Message, schema: z.ZodType<T>): StructuredOutcome<T> {
  const text = message.content
    .filter((block) => block.type === 'text')
    .map((block) => block.text)
    .join('');
  if (message.stop_reason === 'refusal') {
    const category = message.stop_details?.category;
    return {
      ok: false,
      problem: 'refused',
      detail: `the model refused${category ? ` (${category})` : ''}`,
      text,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    if (message.stop_reason === 'max_tokens')
      return { ok: false, problem: 'truncated', detail: 'the answer was cut off at max_tokens', text };
    const reason = text ? `it is not valid JSON (${(error as Error).message})` : 'it contained no text';
    return { ok: false, problem: 'invalid', detail: reason, text };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problem: 'invalid',
    detail: `it does not match the schema:\n${z.prettifyError(parsed.error)}`.slice(0, MAX_PROBLEM_LENGTH),
    text,
  };
}

function repairPrompt(detail: string): string {
  return [
    `Your previous answer could not be used because ${detail}`,
    'Answer again with the complete, corrected JSON object only.',
  ].join('\n\n');
}

const SEARCH_SYSTEM = [
  'You are the research assistant of a content agency preparing a well-sourced business report.',
  'Use the web_search tool to find authoritative, recent sources: research firms, official statistics,',
  'industry bodies, reputable publications. After searching, summarise the most useful findings,',
  'citing the sources you rely on, especially their statistics.',
].join(' ');

function searchPrompt(call: WebSearchCall): string {
  return [
    `Report topic: ${call.topic}`,
    'Search the web once for each of these queries, using each query exactly as written:',
    ...call.queries.map((query, index) => `${index + 1}. ${query}`),
    'Then summarise what the best results say, quoting their key facts and figures.',
  ].join('\n');
}

/** What a search turn found: hits per search (with cited snippets) and the tool's error codes. */
function collectHits(content: readonly ContentBlock[]): { hits: WebSearchHit[]; errors: string[] } {
  const queries = new Map<string, string>();
  const cited = new Map<string, string[]>();
  for (const block of content) {
    if (block.type === 'server_tool_use' && block.name === 'web_search') {
      const query = (block.input as { query?: unknown } | null)?.query;
      queries.set(block.id, typeof query === 'string' ? query : '');
    }
    if (block.type === 'text')
      for (const citation of block.citations ?? []) {
        if (citation.type !== 'web_search_result_location') continue;
        const texts = cited.get(citation.url) ?? [];
        if (!texts.includes(citation.cited_text)) texts.push(citation.cited_text);
        cited.set(citation.url, texts);
      }
  }
  const hits = new Map<string, WebSearchHit>();
  const errors: string[] = [];
  for (const block of content) {
    if (block.type !== 'web_search_tool_result') continue;
    if (!Array.isArray(block.content)) {
      errors.push(block.content.error_code);
      continue;
    }
    const query = queries.get(block.tool_use_id) ?? '';
    for (const result of block.content) {
      const key = `${query}\n${result.url}`;
      if (hits.has(key)) continue;
      hits.set(key, {
        url: result.url,
        title: result.title,
        snippet: (cited.get(result.url) ?? []).join(' … '),
        page_age: result.page_age ?? null,
        query,
      });
    }
  }
  return { hits: [...hits.values()], errors };
}

/** A gateway calling Claude with `apiKey`. */
export function createAnthropicGateway(options: AnthropicGatewayOptions): ModelGateway {
  if (!options.apiKey) throw new Error('createAnthropicGateway needs an API key');
  const policy = options.retry ?? retryPolicy();
  const models = options.models ?? ((step: GenerationStepId) => stepModel(step));
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? env().ANTHROPIC_BASE_URL,
    maxRetries: 0,
    timeout: policy.requestTimeoutMs,
  });

  /** One request with retries; its usage is appended to `usage`. */
  async function send(
    body: MessageCreateParamsNonStreaming,
    deadline: number,
    usage: ModelUsage[],
  ): Promise<Message> {
    const message = await withRetries(
      (timeout) => client.messages.create(body, { timeout, maxRetries: 0 }),
      policy,
      deadline,
    );
    usage.push(usageOf(message, body.model));
    return message;
  }

  function logCall(kind: string, step: GenerationStepId, task: string, usage: readonly ModelUsage[]) {
    logger.info('model call', {
      kind,
      step,
      task,
      model: usage[0]?.model,
      requests: usage.length,
      input_tokens: usage.reduce((sum, each) => sum + each.input_tokens, 0),
      output_tokens: usage.reduce((sum, each) => sum + each.output_tokens, 0),
      web_search_requests: usage.reduce((sum, each) => sum + each.web_search_requests, 0),
    });
  }

  return {
    mode: 'anthropic',

    async structured<T>(call: StructuredCall<T>): Promise<ModelResult<T>> {
      const usage: ModelUsage[] = [];
      const deadline = Date.now() + policy.callBudgetMs;
      try {
        const settings = models(call.step);
        const maxTokens = call.maxTokens ?? settings.maxTokens;
        const format = { type: 'json_schema' as const, schema: zodOutputFormat(call.schema).schema };
        const ask = (messages: MessageParam[], budget: number) =>
          send(
            {
              model: settings.model,
              max_tokens: budget,
              system: call.system,
              messages,
              output_config: { format },
            },
            deadline,
            usage,
          );
        const prompt: MessageParam = { role: 'user', content: call.prompt };

        const first = readStructured(await ask([prompt], maxTokens), call.schema);
        if (first.ok) return { value: first.value, usage };
        if (first.problem === 'refused')
          throw new ModelGatewayError('GEN_006', `${call.step}/${call.task}: ${first.detail}`, usage);
        logger.warn('unusable model answer; asking once more', {
          step: call.step,
          task: call.task,
          problem: first.problem,
          detail: first.detail.slice(0, 500),
        });
        const retry =
          first.problem === 'truncated' || !first.text
            ? await ask(
                [prompt],
                first.problem === 'truncated' ? Math.min(maxTokens * 2, MAX_REPAIR_OUTPUT_TOKENS) : maxTokens,
              )
            : await ask(
                [
                  prompt,
                  { role: 'assistant', content: first.text },
                  { role: 'user', content: repairPrompt(first.detail) },
                ],
                maxTokens,
              );
        const second = readStructured(retry, call.schema);
        if (second.ok) return { value: second.value, usage };
        throw new ModelGatewayError(
          'GEN_006',
          `${call.step}/${call.task}: the answer was unusable after one repair attempt: ${second.detail}`,
          usage,
        );
      } catch (error) {
        throw gatewayFailure(error, usage);
      } finally {
        logCall('structured', call.step, call.task, usage);
      }
    },

    async webSearch(call: WebSearchCall): Promise<ModelResult<WebSearchHit[]>> {
      const usage: ModelUsage[] = [];
      if (call.queries.length === 0) return { value: [], usage };
      const deadline = Date.now() + policy.callBudgetMs;
      try {
        const settings = models(call.step);
        const prompt: MessageParam = { role: 'user', content: searchPrompt(call) };
        const ask = (messages: MessageParam[]) =>
          send(
            {
              model: settings.model,
              max_tokens: settings.maxTokens,
              system: SEARCH_SYSTEM,
              messages,
              tools: [
                { type: WEB_SEARCH_TOOL, name: 'web_search', max_uses: call.maxUses ?? call.queries.length },
              ],
            },
            deadline,
            usage,
          );
        let response = await ask([prompt]);
        const content: ContentBlock[] = [...response.content];
        // A paused server-tool turn continues when its content is sent back unchanged (A5).
        for (
          let turn = 0;
          response.stop_reason === 'pause_turn' && turn < MAX_SEARCH_CONTINUATIONS;
          turn += 1
        ) {
          response = await ask([prompt, { role: 'assistant', content: content as ContentBlockParam[] }]);
          content.push(...response.content);
        }
        const { hits, errors } = collectHits(content);
        if (errors.length > 0)
          logger.warn('web search tool reported errors', { step: call.step, errors, hits: hits.length });
        if (hits.length === 0 && errors.length > 0)
          throw new ModelGatewayError(
            'GEN_005',
            `Web search failed (${[...new Set(errors)].join(', ')})`,
            usage,
          );
        if (hits.length === 0 && response.stop_reason === 'refusal')
          throw new ModelGatewayError('GEN_006', 'The model refused to search for this topic', usage);
        return { value: hits, usage };
      } catch (error) {
        throw gatewayFailure(error, usage);
      } finally {
        logCall('web_search', call.step, 'web_search', usage);
      }
    },
  };
}
