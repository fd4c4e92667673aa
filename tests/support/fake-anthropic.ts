/**
 * A fake Anthropic Messages API on 127.0.0.1 speaking the real wire format (EXTERNAL-APIS.md Parts
 * A and C), scripted per request, for the gateway's tests and the pipeline's end-to-end tests.
 *
 * It checks what the real API checks and the SDK could get wrong: `POST /v1/messages` (and
 * `POST /v1/messages/count_tokens`, EXTERNAL-APIS.md A1), a known `anthropic-version`, a key in
 * `x-api-key` or `authorization: Bearer` (401 `authentication_error` otherwise),
 * `model`/`max_tokens`/`messages` present (no `max_tokens` for count_tokens), and the 400s of API
 * version 2026-10-21 and the 5.5 models (sampling parameters, forced `tool_choice`). Every answer
 * carries a `request-id` header; errors have the `{type:'error', error, request_id}` body.
 *
 * What it answers is scripted: replies queued with `enqueue()` go first, in order; then the
 * `respond` function decides from the request (system, prompt, tools, `output_config`); with
 * neither, a 500 says the test forgot to script the request. Build replies with
 * {@link structuredReply}, {@link textReply}, {@link webSearchReply}, {@link errorReply},
 * {@link messageReply} or, for count_tokens, {@link countTokensReply}. Every request is recorded in
 * `requests`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Versions the API accepts (SDK 1.x sends 2026-10-21, 0.x 2023-06-01). */
const API_VERSIONS = new Set(['2023-06-01', '2026-10-21']);
/** The key tests use unless they configure others. */
export const FAKE_ANTHROPIC_KEY = 'sk-ant-fake-test-key';
/** Models documented to reject forced `tool_choice` (EXTERNAL-APIS.md A9). */
const NO_FORCED_TOOL_MODELS = /^claude-(opus-5-5|sonnet-5-5|fable-5-1)/;

/** The JSON body of a Messages request, as far as the fake looks at it. */
export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  system?: string | Array<{ type: 'text'; text: string }>;
  messages: Array<{
    role: 'user' | 'assistant' | 'system';
    content: string | Array<Record<string, unknown>>;
  }>;
  tools?: Array<Record<string, unknown> & { name?: string; type?: string; max_uses?: number }>;
  tool_choice?: { type: string; name?: string };
  output_config?: { effort?: string; format?: { type: 'json_schema'; schema: Record<string, unknown> } };
  [field: string]: unknown;
}

/** One request the fake received. */
export interface FakeAnthropicRequest {
  /** 0-based arrival order. */
  index: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The key it authenticated with (`x-api-key` or the bearer token), or null. */
  apiKey: string | null;
  /** Parsed body (`{}` when it was not JSON). */
  body: MessagesRequestBody;
  /** The system prompt as text. */
  system: string;
  /** The text of the last user message (the prompt, or a repair request). */
  prompt: string;
  /** The JSON schema of `output_config.format`, when structured output was asked for. */
  schema: Record<string, unknown> | null;
  /** The web search tool, when it was offered. */
  webSearchTool: { type: string; max_uses?: number } | null;
}

/** What to answer: a status, headers and a JSON body; or no answer at all (for timeouts). */
export type FakeReply =
  | { status: number; headers?: Record<string, string>; body: unknown; delayMs?: number }
  | { hang: true };

export type FakeResponder = (request: FakeAnthropicRequest) => FakeReply | Promise<FakeReply>;

export interface FakeAnthropicOptions {
  /** Keys that authenticate (default: {@link FAKE_ANTHROPIC_KEY}). */
  apiKeys?: readonly string[];
  respond?: FakeResponder;
}

export interface FakeAnthropic {
  /** Origin to use as `ANTHROPIC_BASE_URL` (no `/v1`). */
  readonly url: string;
  readonly requests: FakeAnthropicRequest[];
  /** Replaces the responder (after the queue). */
  respond: FakeResponder | undefined;
  /** Queues replies answered before the responder, in order. */
  enqueue(...replies: FakeReply[]): void;
  /** Forgets recorded requests and queued replies. */
  reset(): void;
  close(): Promise<void>;
}

/** Token counts of a reply (missing ones are 0; web searches default to those in the reply). */
export interface FakeUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
  web_search_requests?: number;
}

export interface ReplyOptions {
  usage?: FakeUsage;
  /** Defaults to the model asked for; `messageReply` fills it in when absent. */
  model?: string;
  stop_reason?: 'end_turn' | 'max_tokens' | 'refusal' | 'pause_turn' | 'tool_use' | 'stop_sequence';
  /** Starts the content with a `thinking` block, as the 5.5 models do. */
  thinking?: boolean;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function usageBlock(usage: FakeUsage = {}, searches = 0) {
  const webSearches = usage.web_search_requests ?? searches;
  return {
    input_tokens: usage.input_tokens ?? 100,
    output_tokens: usage.output_tokens ?? 50,
    cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
    cache_creation: null,
    server_tool_use: webSearches > 0 ? { web_search_requests: webSearches, web_fetch_requests: 0 } : null,
    service_tier: 'standard',
    inference_geo: null,
    speed: null,
    output_tokens_details: null,
  };
}

/** A 200 Message with these content blocks (A5 shape). `model` is filled from the request when omitted. */
export function messageReply(content: Array<Record<string, unknown>>, options: ReplyOptions = {}): FakeReply {
  const searches = content.filter(
    (block) => block.type === 'server_tool_use' && block.name === 'web_search',
  ).length;
  const blocks = options.thinking
    ? [{ type: 'thinking', thinking: '', signature: id('sig') }, ...content]
    : content;
  return {
    status: 200,
    body: {
      id: id('msg'),
      type: 'message',
      role: 'assistant',
      model: options.model,
      content: blocks,
      stop_reason: options.stop_reason ?? 'end_turn',
      stop_sequence: null,
      stop_details:
        options.stop_reason === 'refusal'
          ? { type: 'refusal', category: 'general_harms', explanation: null }
          : null,
      container: null,
      diagnostics: null,
      usage: usageBlock(options.usage, searches),
    },
  };
}

/** A text answer (for structured output: the JSON as text; also for invalid JSON). */
export function textReply(text: string, options: ReplyOptions = {}): FakeReply {
  return messageReply([{ type: 'text', text, citations: null }], options);
}

/** A structured-output answer: `value` serialised into the text block. */
export function structuredReply(value: unknown, options: ReplyOptions = {}): FakeReply {
  return textReply(JSON.stringify(value), options);
}

/** A count_tokens answer (A1): `{"input_tokens": N}`. */
export function countTokensReply(inputTokens: number): FakeReply {
  return { status: 200, body: { input_tokens: inputTokens } };
}

/** One search of a {@link webSearchReply}: its results, or the error the tool reported. */
export interface FakeSearch {
  query: string;
  results?: Array<{ url: string; title: string; page_age?: string | null }>;
  error_code?:
    | 'invalid_tool_input'
    | 'unavailable'
    | 'max_uses_exceeded'
    | 'too_many_requests'
    | 'query_too_long'
    | 'request_too_large';
}

/** A text passage of the final answer citing a search result. */
export interface FakeCitation {
  url: string;
  cited_text: string;
  title?: string | null;
}

/**
 * The content of a web search turn (A8.1): per search a `server_tool_use` and its
 * `web_search_tool_result` (results or the error variant, inside the 200), then the answer's text
 * blocks with `web_search_result_location` citations. `usage.server_tool_use.web_search_requests`
 * counts the searches.
 */
export function webSearchContent(
  searches: readonly FakeSearch[],
  citations: readonly FakeCitation[] = [],
): Array<Record<string, unknown>> {
  const content: Array<Record<string, unknown>> = [];
  for (const search of searches) {
    const toolUseId = id('srvtoolu');
    content.push({
      type: 'server_tool_use',
      id: toolUseId,
      name: 'web_search',
      input: { query: search.query },
      caller: { type: 'direct' },
    });
    content.push({
      type: 'web_search_tool_result',
      tool_use_id: toolUseId,
      caller: { type: 'direct' },
      content: search.error_code
        ? { type: 'web_search_tool_result_error', error_code: search.error_code }
        : (search.results ?? []).map((result) => ({
            type: 'web_search_result',
            url: result.url,
            title: result.title,
            encrypted_content: randomBytes(16).toString('base64'),
            page_age: result.page_age ?? null,
          })),
    });
  }
  content.push({ type: 'text', text: 'Here is what I found.', citations: null });
  for (const citation of citations) {
    content.push({
      type: 'text',
      text: `According to the source, ${citation.cited_text}`,
      citations: [
        {
          type: 'web_search_result_location',
          url: citation.url,
          title: citation.title ?? null,
          cited_text: citation.cited_text,
          encrypted_index: randomBytes(12).toString('base64'),
        },
      ],
    });
  }
  return content;
}

/** A whole web search answer ({@link webSearchContent} as a Message). */
export function webSearchReply(
  searches: readonly FakeSearch[],
  citations: readonly FakeCitation[] = [],
  options: ReplyOptions = {},
): FakeReply {
  return messageReply(webSearchContent(searches, citations), options);
}

const ERROR_STATUS_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** The A7 error body. */
function errorBody(type: string, message: string) {
  return { type: 'error', error: { type, message }, request_id: id('req') };
}

/**
 * An API error (A7): `type` defaults to the status's documented one. `retryAfter` is sent as
 * `retry-after` (seconds), `retryAfterMs` as `retry-after-ms`; `shouldRetry` as `x-should-retry`.
 */
export function errorReply(
  status: number,
  options: {
    type?: string;
    message?: string;
    retryAfter?: number;
    retryAfterMs?: number;
    shouldRetry?: boolean;
  } = {},
): FakeReply {
  const type = options.type ?? ERROR_STATUS_TYPES[status] ?? 'api_error';
  const headers: Record<string, string> = {};
  if (options.retryAfter !== undefined) headers['retry-after'] = String(options.retryAfter);
  if (options.retryAfterMs !== undefined) headers['retry-after-ms'] = String(options.retryAfterMs);
  if (options.shouldRetry !== undefined) headers['x-should-retry'] = String(options.shouldRetry);
  return { status, headers, body: errorBody(type, options.message ?? `Fake ${type}`) };
}

function textOf(content: string | Array<Record<string, unknown>> | undefined): string {
  if (typeof content === 'string') return content;
  return (content ?? [])
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text as string)
    .join('\n');
}

function describe(index: number, method: string, path: string, headers: IncomingHttpHeaders, raw: string) {
  let body: MessagesRequestBody;
  try {
    body = JSON.parse(raw || '{}') as MessagesRequestBody;
  } catch {
    body = {} as MessagesRequestBody;
  }
  const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
  const apiKey = (typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : bearer) ?? null;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const system = typeof body.system === 'string' ? body.system : textOf(body.system);
  const webSearch = (body.tools ?? []).find((tool) => tool.name === 'web_search');
  return {
    index,
    method,
    path,
    headers,
    apiKey,
    body,
    system,
    prompt: textOf(lastUser?.content),
    schema: body.output_config?.format?.schema ?? null,
    webSearchTool: webSearch ? { type: String(webSearch.type), max_uses: webSearch.max_uses } : null,
  } satisfies FakeAnthropicRequest;
}

/** The 4xx the real API gives this request before any model runs, or null. */
function rejection(request: FakeAnthropicRequest, apiKeys: ReadonlySet<string>): FakeReply | null {
  const countTokens = request.path === '/v1/messages/count_tokens';
  if (request.method !== 'POST' || (request.path !== '/v1/messages' && !countTokens))
    return errorReply(404, { message: `${request.method} ${request.path} not found` });
  const version = request.headers['anthropic-version'];
  if (typeof version !== 'string' || !API_VERSIONS.has(version))
    return errorReply(400, { message: 'anthropic-version: header is required' });
  if (!request.apiKey || !apiKeys.has(request.apiKey))
    return errorReply(401, { message: 'invalid x-api-key' });
  const { body } = request;
  // Counting tokens generates nothing, so it takes no max_tokens.
  if (
    typeof body.model !== 'string' ||
    (!countTokens && !Number.isInteger(body.max_tokens)) ||
    !Array.isArray(body.messages)
  )
    return errorReply(400, {
      message: countTokens
        ? 'model and messages are required'
        : 'model, max_tokens and messages are required',
    });
  if (version === '2026-10-21')
    for (const field of ['temperature', 'top_p', 'top_k'])
      if (field in body) return errorReply(400, { message: `${field}: Extra inputs are not permitted` });
  if (
    NO_FORCED_TOOL_MODELS.test(body.model) &&
    (body.tool_choice?.type === 'any' || body.tool_choice?.type === 'tool')
  )
    return errorReply(400, { message: 'Forced tool use is not supported for this model' });
  const format = body.output_config?.format;
  if (format && (format.type !== 'json_schema' || typeof format.schema !== 'object'))
    return errorReply(400, { message: 'output_config.format must be a json_schema format' });
  const webSearch = request.webSearchTool;
  if (webSearch && !/^web_search_\d{8}$/.test(webSearch.type))
    return errorReply(400, { message: `Unknown web search tool type ${webSearch.type}` });
  return null;
}

function send(
  response: ServerResponse,
  reply: Exclude<FakeReply, { hang: true }>,
  model: string | undefined,
) {
  // Only a Message names its model (a count_tokens answer does not).
  const body =
    reply.status === 200 &&
    typeof reply.body === 'object' &&
    reply.body !== null &&
    'type' in reply.body &&
    reply.body.type === 'message' &&
    !('model' in reply.body && reply.body.model)
      ? { ...reply.body, model }
      : reply.body;
  const requestId =
    typeof body === 'object' && body !== null && 'request_id' in body ? String(body.request_id) : id('req');
  response.writeHead(reply.status, {
    'content-type': 'application/json',
    'request-id': requestId,
    ...reply.headers,
  });
  response.end(JSON.stringify(body));
}

/** Starts the fake on a free loopback port. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const apiKeys = new Set(options.apiKeys ?? [FAKE_ANTHROPIC_KEY]);
  const queue: FakeReply[] = [];
  const requests: FakeAnthropicRequest[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const request = describe(
        requests.length,
        incoming.method ?? 'GET',
        url.pathname,
        incoming.headers,
        Buffer.concat(chunks).toString('utf8'),
      );
      requests.push(request);
      let reply: FakeReply;
      try {
        reply =
          rejection(request, apiKeys) ??
          queue.shift() ??
          (fake.respond
            ? await fake.respond(request)
            : errorReply(500, { message: `fake-anthropic: no reply scripted for request ${request.index}` }));
      } catch (error) {
        reply = errorReply(500, { message: `fake-anthropic responder failed: ${String(error)}` });
      }
      if ('hang' in reply) {
        hanging.add(response);
        response.on('close', () => hanging.delete(response));
        return;
      }
      const model = typeof request.body.model === 'string' ? request.body.model : undefined;
      if (reply.delayMs) setTimeout(() => send(response, reply, model), reply.delayMs);
      else send(response, reply, model);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: FakeAnthropic = {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond: options.respond,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}
