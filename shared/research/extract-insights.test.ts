import { describe, expect, it } from 'vitest';
import { FAKE_ARTICLES } from '../../tests/support/fake-web.ts';
import type { ModelGateway, ModelUsage, StructuredCall } from '../llm/model-gateway.ts';
import {
  type ExtractableSource,
  extractInsights,
  extractionPrompt,
  trimSourceText,
} from './extract-insights.ts';
import type { Extraction, Synthesis } from './research-schemas.ts';
import { contentTerms } from './score-sources.ts';
import { synthesisPrompt, synthesizeResearch } from './synthesize-research.ts';

const USAGE: ModelUsage = {
  model: 'claude-haiku-5-5',
  input_tokens: 1000,
  output_tokens: 200,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  web_search_requests: 0,
};

/** Answers with `answer`, validated by the call's schema as the real gateways do; records calls. */
function scriptedGateway(answer: unknown) {
  const calls: StructuredCall<unknown>[] = [];
  const gateway: Pick<ModelGateway, 'structured'> = {
    async structured<T>(call: StructuredCall<T>) {
      calls.push(call as StructuredCall<unknown>);
      return { value: call.schema.parse(answer), usage: [USAGE] };
    },
  };
  return { gateway, calls };
}

const sources: ExtractableSource[] = FAKE_ARTICLES.map((article, index) => ({
  id: index + 1,
  url: `https://site${index + 1}.example${article.path}`,
  title: article.title,
  text: article.paragraphs.join('\n'),
  published_at: article.published,
}));
const TOPIC = 'AI implementation strategies for mid-market companies';
const CONCEPTS = ['AI strategy', 'ROI measurement', 'vendor selection'];

describe('trimSourceText', () => {
  const focus = contentTerms(`${TOPIC} ${CONCEPTS.join(' ')}`);
  const paragraphs = [
    'Lead paragraph introducing the report on AI in mid-market companies.',
    ...Array.from({ length: 30 }, (_, i) =>
      `Filler paragraph ${'about the weather and gardening '.repeat(3)}number ${'x'.repeat(i)}.`.replace(
        /\d/g,
        'n',
      ),
    ),
    'Adoption reached 47% among mid-market companies with an AI strategy.',
    '"We measure ROI every quarter," said the CFO.',
    ...Array.from({ length: 30 }, () => `More filler ${'on unrelated matters '.repeat(4)}`),
  ];
  const text = paragraphs.join('\n');

  it('returns short texts unchanged', () => {
    expect(trimSourceText('short text', 100, focus)).toBe('short text');
  });

  it('keeps the lead and the paragraphs with figures, quotes and topic terms, in order, within budget', () => {
    const trimmed = trimSourceText(text, 200, focus);
    expect(trimmed.length).toBeLessThanOrEqual(200 + 10);
    const lines = trimmed.split('\n');
    expect(lines[0]).toBe(paragraphs[0]);
    expect(lines).toContain('Adoption reached 47% among mid-market companies with an AI strategy.');
    expect(lines).toContain('"We measure ROI every quarter," said the CFO.');
    expect(
      lines.indexOf('Adoption reached 47% among mid-market companies with an AI strategy.'),
    ).toBeLessThan(lines.indexOf('"We measure ROI every quarter," said the CFO.'));
    expect(lines[1]).toBe('[…]');
    expect(lines.at(-1)).toBe('[…]');
  });

  it('cuts a single oversized paragraph', () => {
    expect(trimSourceText('a'.repeat(1000), 100, focus)).toHaveLength(100);
  });
});

describe('extractionPrompt', () => {
  it('carries the topic, concepts and every source by id, title and date, but not URLs', () => {
    const prompt = extractionPrompt({
      topic: TOPIC,
      keyConcepts: CONCEPTS,
      sources,
      brief: 'Audience: CFOs',
    });
    expect(prompt).toContain(`Topic: ${TOPIC}`);
    expect(prompt).toContain('Key concepts: AI strategy; ROI measurement; vendor selection');
    expect(prompt).toContain('Audience: CFOs');
    expect(prompt).toContain(`<source id="1" title="${FAKE_ARTICLES[0]?.title}" date="2025-04-30">`);
    expect(prompt).toContain(FAKE_ARTICLES[2]?.paragraphs[0]);
    expect(prompt).not.toContain('https://');
    expect(prompt).not.toMatch(/\n\n\n/);
  });

  it('trims long sources to the budget', () => {
    const long = [
      {
        ...sources[0],
        text: `${sources[0]?.text}\n${'Unrelated filler paragraph.\n'.repeat(2000)}`,
      } as ExtractableSource,
    ];
    const prompt = extractionPrompt({
      topic: TOPIC,
      keyConcepts: CONCEPTS,
      sources: long,
      maxCharsPerSource: 2000,
    });
    expect(prompt.length).toBeLessThan(4000);
    expect(prompt).toContain('47% of mid-market companies');
  });
});

describe('extractInsights', () => {
  const answer: Extraction = {
    insights: [
      { text: 'AI is moving into production in the mid-market.', source_ids: [1, 1, 2] },
      { text: 'Something from a source outside the batch.', source_ids: [9] },
    ],
    statistics: [
      {
        value: '47%',
        label: 'firms with AI in production',
        context: null,
        year: 2025,
        type: 'percentage',
        source_id: 1,
      },
      { value: '$1.2 billion', label: 'expected AI spend', context: null, type: 'currency', source_id: 1 },
      {
        value: '10–15%',
        label: 'top-quartile revenue gains',
        context: null,
        year: null,
        type: 'percentage',
        source_id: 2,
      },
      { value: '4.7%', label: 'misread figure', context: null, year: null, type: 'percentage', source_id: 1 },
      {
        value: '47%',
        label: 'cited to the wrong source',
        context: null,
        year: null,
        type: 'percentage',
        source_id: 3,
      },
      {
        value: '62%',
        label: 'source outside the batch',
        context: null,
        year: null,
        type: 'percentage',
        source_id: 9,
      },
    ],
    quotes: [
      {
        text: 'The companies that win treat AI as an operating model change, not a technology purchase,',
        attribution: 'Dana Whitfield',
        role: 'Managing Partner, Northbridge Consulting',
        source_id: 1,
      },
      { text: 'AI will replace every CIO by 2027.', attribution: 'Dana Whitfield', role: null, source_id: 1 },
    ],
  };

  it('asks the web_research step for extract_insights and keeps only what the sources state', async () => {
    const { gateway, calls } = scriptedGateway(answer);
    const result = await extractInsights({ gateway, topic: TOPIC, keyConcepts: CONCEPTS, sources });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      step: 'web_research',
      task: 'extract_insights',
      facts: { sources: sources.map(({ id, url }) => ({ id, url })) },
    });
    expect(result.insights).toEqual([
      { text: 'AI is moving into production in the mid-market.', source_ids: [1, 2] },
    ]);
    expect(result.statistics.map((statistic) => statistic.label)).toEqual([
      'firms with AI in production',
      'expected AI spend',
      'top-quartile revenue gains',
    ]);
    expect(result.dropped.statistics.map(({ statistic, reason }) => [statistic.label, reason])).toEqual([
      ['misread figure', 'not_in_source'],
      ['cited to the wrong source', 'not_in_source'],
      ['source outside the batch', 'unknown_source'],
    ]);
    expect(result.quotes.map((quote) => quote.attribution)).toEqual(['Dana Whitfield']);
    expect(result.dropped.quotes).toHaveLength(1);
    expect(result.dropped.insights).toBe(1);
    expect(result.usage).toEqual([USAGE]);
  });

  it('fails like the gateway when the answer does not match the schema', async () => {
    const { gateway } = scriptedGateway({ insights: [], statistics: [{ value: '47%' }], quotes: [] });
    await expect(
      extractInsights({ gateway, topic: TOPIC, keyConcepts: CONCEPTS, sources }),
    ).rejects.toThrow();
  });
});

describe('synthesizeResearch', () => {
  const insights = [
    { text: 'Single-source insight', source_ids: [1] },
    { text: 'Widely supported insight', source_ids: [1, 2, 3] },
    { text: 'Two-source insight', source_ids: [2, 3] },
  ];
  const statistics = [{ value: '47%', label: 'firms with AI in production', source_id: 1 }];
  const listed = sources.map(({ id, title }) => ({ id, title, domain: `site${id}.example` }));

  it('lists sources, the best-supported insights first and the verified statistics', () => {
    const prompt = synthesisPrompt({ topic: TOPIC, sources: listed, insights, statistics, maxInsights: 2 });
    expect(prompt).toContain(`[1] ${FAKE_ARTICLES[0]?.title} (site1.example)`);
    expect(prompt).toContain(
      'Insights (2 of 3):\n- Widely supported insight [1, 2, 3]\n- Two-source insight [2, 3]',
    );
    expect(prompt).not.toContain('Single-source insight');
    expect(prompt).toContain('- 47%: firms with AI in production [1]');
  });

  it('keeps findings tied to sources that were read', async () => {
    const answer: Synthesis = {
      summary: 'AI is moving into production.',
      themes: ['Adoption', 'ROI'],
      key_findings: [
        { finding: 'Adoption is broad.', source_ids: [1, 7, 1] },
        { finding: 'Invented.', source_ids: [42] },
      ],
      gaps: ['Long-term ROI'],
    };
    const { gateway, calls } = scriptedGateway(answer);
    const { synthesis, usage } = await synthesizeResearch({
      gateway,
      topic: TOPIC,
      sources: listed,
      insights,
      statistics,
    });
    expect(calls[0]).toMatchObject({ step: 'web_research', task: 'synthesize_research' });
    expect(synthesis).toEqual({
      ...answer,
      key_findings: [{ finding: 'Adoption is broad.', source_ids: [1] }],
    });
    expect(usage).toEqual([USAGE]);
  });
});
