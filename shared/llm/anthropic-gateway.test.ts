/**
 * The Claude gateway against the fake Anthropic server on loopback (real wire format, real SDK):
 * structured output with its one repair, refusals and truncation, web search with citations and
 * paused turns, and the bounded retries on 429/529/5xx/timeouts.
 */
import { APIError } from '@anthropic-ai/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  errorReply,
  FAKE_ANTHROPIC_KEY,
  type FakeAnthropic,
  messageReply,
  startFakeAnthropic,
  structuredReply,
  textReply,
  webSearchContent,
  webSearchReply,
} from '../../tests/support/fake-anthropic.ts';
import { createAnthropicGateway } from './anthropic-gateway.ts';
import { ModelGatewayError } from './model-errors.ts';
import type { RetryPolicy } from './retries.ts';

const TOPIC = z.object({
  refined_topic: z.string().min(5),
  audience: z.string(),
  depth: z.number().int().min(20).max(500),
});
const ANSWER = { refined_topic: 'AI adoption in regional clinics', audience: 'clinic directors', depth: 80 };

/** Tiny waits so retries cost nothing; plenty of attempts and time unless a test says otherwise. */
const FAST_RETRIES: RetryPolicy = {
  maxAttempts: 4,
  requestTimeoutMs: 5_000,
  callBudgetMs: 20_000,
  baseDelayMs: 1,
  maxDelayMs: 50,
};

let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterEach(() => {
  fake.reset();
  fake.respond = undefined;
});
afterAll(() => fake.close());

function gateway(overrides: Partial<RetryPolicy> = {}, apiKey = FAKE_ANTHROPIC_KEY) {
  return createAnthropicGateway({ apiKey, baseURL: fake.url, retry: { ...FAST_RETRIES, ...overrides } });
}

const topicCall = (maxTokens?: number) => ({
  step: 'topic_analysis' as const,
  task: 'topic_analysis',
  system: 'You analyse topics.',
  prompt: 'Analyse: AI in clinics',
  schema: TOPIC,
  maxTokens,
});

async function failure(promise: Promise<unknown>): Promise<ModelGatewayError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelGatewayError);
  return error as ModelGatewayError;
}

describe('structured()', () => {
  it('asks for structured output and returns the validated text block after a thinking block', async () => {
    fake.enqueue(
      structuredReply(ANSWER, { thinking: true, usage: { input_tokens: 1200, output_tokens: 300 } }),
    );
    const result = await gateway().structured(topicCall());

    expect(result.value).toEqual(ANSWER);
    expect(result.usage).toEqual([
      {
        model: 'claude-sonnet-5-5',
        input_tokens: 1200,
        output_tokens: 300,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        web_search_requests: 0,
      },
    ]);
    const [request] = fake.requests;
    expect(request?.headers['anthropic-version']).toBe('2026-10-21');
    expect(request?.apiKey).toBe(FAKE_ANTHROPIC_KEY);
    expect(request?.body).toMatchObject({ model: 'claude-sonnet-5-5', max_tokens: 4000 });
    expect(request?.body).not.toHaveProperty('temperature');
    expect(request?.body).not.toHaveProperty('tool_choice');
    expect(request?.system).toBe('You analyse topics.');
    expect(request?.prompt).toBe('Analyse: AI in clinics');
    expect(request?.body.output_config?.format?.type).toBe('json_schema');
    expect(request?.schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['refined_topic', 'audience', 'depth'],
    });
  });

  it('uses the fast model for keyword research and honours an explicit max_tokens', async () => {
    fake.enqueue(structuredReply(ANSWER));
    await gateway().structured({ ...topicCall(1234), step: 'keyword_research', task: 'keywords' });
    expect(fake.requests[0]?.body).toMatchObject({ model: 'claude-haiku-5-5', max_tokens: 1234 });
  });

  it('repairs invalid JSON once, sending the bad answer and the reason back', async () => {
    fake.enqueue(textReply('{"refined_topic": "AI adoption'), structuredReply(ANSWER));
    const result = await gateway().structured(topicCall());

    expect(result.value).toEqual(ANSWER);
    expect(result.usage).toHaveLength(2);
    const repair = fake.requests[1];
    expect(repair?.body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(repair?.body.messages[1]?.content).toBe('{"refined_topic": "AI adoption');
    expect(repair?.prompt).toMatch(/not valid JSON/);
  });

  it('repairs a schema violation with the validation errors, then gives GEN_006 when still wrong', async () => {
    const wrong = { ...ANSWER, depth: 5 };
    fake.enqueue(structuredReply(wrong), structuredReply({ ...ANSWER, refined_topic: 'AI' }));
    const error = await failure(gateway().structured(topicCall()));

    expect(error.code).toBe('GEN_006');
    expect(error.name).toBe('GEN_006');
    expect(error.message).toMatch(/after one repair attempt/);
    expect(error.usage).toHaveLength(2);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.prompt).toMatch(/depth/);
  });

  it('asks a truncated answer again with twice the output budget', async () => {
    fake.enqueue(
      textReply('{"refined_topic": "AI ad', { stop_reason: 'max_tokens' }),
      structuredReply(ANSWER),
    );
    const result = await gateway().structured(topicCall(1000));

    expect(result.value).toEqual(ANSWER);
    expect(fake.requests.map((request) => request.body.max_tokens)).toEqual([1000, 2000]);
    expect(fake.requests[1]?.body.messages).toHaveLength(1);
  });

  it('fails a refusal with GEN_006 without asking again', async () => {
    fake.enqueue(textReply('', { stop_reason: 'refusal' }));
    const error = await failure(gateway().structured(topicCall()));
    expect(error.code).toBe('GEN_006');
    expect(error.message).toMatch(/refused/);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('recovers from a burst of 429s, honouring retry-after', async () => {
    fake.enqueue(
      errorReply(429, { retryAfter: 0 }),
      errorReply(429, { retryAfter: 0 }),
      errorReply(429, { retryAfter: 0 }),
      structuredReply(ANSWER),
    );
    const result = await gateway().structured(topicCall());
    expect(result.value).toEqual(ANSWER);
    expect(fake.requests).toHaveLength(4);
    expect(result.usage).toHaveLength(1);
  });

  it('recovers from 529 overloaded (retry-after-ms) and from a timed-out attempt', async () => {
    fake.enqueue(errorReply(529, { retryAfterMs: 1 }), { hang: true }, structuredReply(ANSWER));
    const result = await gateway({ requestTimeoutMs: 300 }).structured(topicCall());
    expect(result.value).toEqual(ANSWER);
    expect(fake.requests).toHaveLength(3);
  });

  it('ends a persistent 500 with GEN_005 after the configured attempts, keeping the API error as cause', async () => {
    fake.respond = () => errorReply(500);
    const error = await failure(gateway({ maxAttempts: 3 }).structured(topicCall()));

    expect(error.code).toBe('GEN_005');
    expect(error.message).toMatch(/service error.*gave up after 3 attempts/);
    expect(error.cause).toBeInstanceOf(APIError);
    expect((error.cause as APIError).status).toBe(500);
    expect(fake.requests).toHaveLength(3);
  });

  it('ends a server that never answers within the call budget', async () => {
    fake.respond = () => ({ hang: true });
    const error = await failure(
      gateway({ requestTimeoutMs: 10_000, callBudgetMs: 400 }).structured(topicCall()),
    );
    expect(error.code).toBe('GEN_005');
    expect(error.message).toMatch(/did not answer in time/);
  });

  it('does not wait out a retry-after longer than allowed', async () => {
    fake.respond = () => errorReply(429, { retryAfter: 3600 });
    const error = await failure(gateway().structured(topicCall()));
    expect(error.message).toMatch(/rate limit.*longer than allowed/);
    expect(fake.requests).toHaveLength(1);
  });

  it('follows x-should-retry: false', async () => {
    fake.respond = () => errorReply(500, { shouldRetry: false });
    await failure(gateway().structured(topicCall()));
    expect(fake.requests).toHaveLength(1);
  });

  it('does not retry a rejected key and never repeats the key in the message', async () => {
    const wrongKey = 'sk-ant-wrong-key-123456';
    const error = await failure(gateway({}, wrongKey).structured(topicCall()));
    expect(error.code).toBe('GEN_005');
    expect(error.message).toMatch(/rejected the API key/);
    expect(error.message).not.toContain(wrongKey);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('webSearch()', () => {
  const searchCall = {
    step: 'web_research' as const,
    topic: 'AI adoption in clinics',
    queries: ['ai adoption clinics 2026', 'clinic automation statistics'],
  };

  it('searches with the web search tool and returns hits with cited snippets', async () => {
    fake.enqueue(
      webSearchReply(
        [
          {
            query: 'ai adoption clinics 2026',
            results: [
              {
                url: 'https://research.example/ai-clinics',
                title: 'AI in clinics',
                page_age: 'March 3, 2026',
              },
              { url: 'https://news.example/clinics', title: 'Clinic news' },
            ],
          },
          {
            query: 'clinic automation statistics',
            results: [{ url: 'https://stats.example/automation', title: 'Automation stats' }],
          },
        ],
        [
          { url: 'https://research.example/ai-clinics', cited_text: '42% of clinics use AI scheduling.' },
          { url: 'https://research.example/ai-clinics', cited_text: 'Adoption doubled since 2024.' },
        ],
        { usage: { input_tokens: 9000, output_tokens: 700 } },
      ),
    );
    const result = await gateway().webSearch(searchCall);

    expect(result.value).toEqual([
      {
        url: 'https://research.example/ai-clinics',
        title: 'AI in clinics',
        snippet: '42% of clinics use AI scheduling. … Adoption doubled since 2024.',
        page_age: 'March 3, 2026',
        query: 'ai adoption clinics 2026',
      },
      {
        url: 'https://news.example/clinics',
        title: 'Clinic news',
        snippet: '',
        page_age: null,
        query: 'ai adoption clinics 2026',
      },
      {
        url: 'https://stats.example/automation',
        title: 'Automation stats',
        snippet: '',
        page_age: null,
        query: 'clinic automation statistics',
      },
    ]);
    expect(result.usage).toEqual([
      expect.objectContaining({ model: 'claude-haiku-5-5', web_search_requests: 2 }),
    ]);
    const [request] = fake.requests;
    expect(request?.body.tools).toEqual([{ type: 'web_search_20250305', name: 'web_search', max_uses: 2 }]);
    expect(request?.prompt).toContain('1. ai adoption clinics 2026');
    expect(request?.prompt).toContain('2. clinic automation statistics');
  });

  it('continues a paused turn by sending its content back, and keeps the hits of both parts', async () => {
    const firstPart = webSearchContent([
      { query: 'ai adoption clinics 2026', results: [{ url: 'https://a.example/1', title: 'A' }] },
    ]);
    fake.enqueue(
      messageReply(firstPart, { stop_reason: 'pause_turn' }),
      webSearchReply([
        { query: 'clinic automation statistics', results: [{ url: 'https://b.example/2', title: 'B' }] },
      ]),
    );
    const result = await gateway().webSearch(searchCall);

    expect(result.value.map((hit) => [hit.url, hit.query])).toEqual([
      ['https://a.example/1', 'ai adoption clinics 2026'],
      ['https://b.example/2', 'clinic automation statistics'],
    ]);
    expect(result.usage).toHaveLength(2);
    const continuation = fake.requests[1]?.body.messages;
    expect(continuation?.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(continuation?.[1]?.content).toEqual(firstPart);
  });

  it('returns the hits of the searches that worked when others report an error', async () => {
    fake.enqueue(
      webSearchReply([
        { query: 'ai adoption clinics 2026', results: [{ url: 'https://a.example/1', title: 'A' }] },
        { query: 'clinic automation statistics', error_code: 'too_many_requests' },
      ]),
    );
    const result = await gateway().webSearch(searchCall);
    expect(result.value.map((hit) => hit.url)).toEqual(['https://a.example/1']);
  });

  it('fails with GEN_005 when every search failed', async () => {
    fake.enqueue(
      webSearchReply([
        { query: 'ai adoption clinics 2026', error_code: 'unavailable' },
        { query: 'clinic automation statistics', error_code: 'unavailable' },
      ]),
    );
    const error = await failure(gateway().webSearch(searchCall));
    expect(error.code).toBe('GEN_005');
    expect(error.message).toMatch(/Web search failed \(unavailable\)/);
    expect(error.usage).toHaveLength(1);
  });

  it('makes no request for no queries', async () => {
    const result = await gateway().webSearch({ ...searchCall, queries: [] });
    expect(result).toEqual({ value: [], usage: [] });
    expect(fake.requests).toHaveLength(0);
  });
});
