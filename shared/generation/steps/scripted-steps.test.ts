/**
 * The analysis and writing steps against a scripted model and an in-memory artifact store: what
 * each prompt carries, how answers are normalised, what is stored for the next step, and what the
 * state machine gets back (small lists of part numbers only).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelGateway, StructuredCall } from '../../llm/model-gateway.ts';
import type { GenerationRef } from '../job-lifecycle.ts';
import type { RunBrief } from '../run-context.ts';
import type { StepContext } from '../step-task.ts';
import { assembleContent, type SectionDraft, writeSection } from './content-writing.ts';
import { type KeywordResearch, planBatches, planQueries, researchKeywords } from './keyword-research.ts';
import type { OutlineArtifact } from './outline.ts';
import type { ResearchArtifact } from './research-artifact.ts';
import { analyzeTopic, normaliseTopicAnalysis, type TopicAnalysis } from './topic-analysis.ts';

const store = vi.hoisted(() => new Map<string, unknown>());
vi.mock('../artifacts.ts', () => ({
  putArtifact: async (_ref: unknown, name: string, value: unknown) => {
    store.set(name, JSON.parse(JSON.stringify(value)));
    return name;
  },
  getArtifact: async (_ref: unknown, name: string, schema: { parse(value: unknown): unknown }) => {
    if (!store.has(name)) throw new Error(`no artifact ${name}`);
    return schema.parse(store.get(name));
  },
}));

const REF: GenerationRef = { agency_id: 'a', document_id: 'd', job_id: 'j' };
const BRIEF: RunBrief = {
  topic: 'Customer retention for regional banks',
  client_name: 'Harbor Advisory',
  industry: 'Financial Services',
  tone: 'professional',
  keywords: ['churn'],
  services: ['Customer Analytics'],
  custom_direction: 'Focus on practical steps',
  additional_context: null,
  company_description: null,
};

/** A gateway answering each task from a script, recording every call. */
function scripted(answers: Record<string, unknown>) {
  const calls: StructuredCall<unknown>[] = [];
  const gateway: ModelGateway = {
    mode: 'anthropic',
    async structured<T>(call: StructuredCall<T>) {
      calls.push(call as StructuredCall<unknown>);
      return { value: call.schema.parse(answers[call.task]), usage: [] };
    },
    async webSearch() {
      return { value: [], usage: [] };
    },
  };
  return { gateway, calls };
}

function context(gateway: ModelGateway): StepContext {
  return {
    ref: REF,
    task: { step: 'topic_analysis' },
    run: {} as StepContext['run'],
    brief: BRIEF,
    model: async () => gateway,
    sourceReader: async () => ({ read: async () => Promise.reject(new Error('no reads here')) }),
    offline: async () => false,
    progress: async () => {},
  };
}

const ANALYSIS: TopicAnalysis = {
  refined_topic: 'Customer Retention for Regional Banks',
  topic_scope: 'medium',
  complexity_level: 'intermediate',
  target_audience: 'Bank executives',
  key_concepts: ['retention', 'churn'],
  related_topics: [],
  recommended_sections: 12,
  research_depth: 'deep',
  estimated_sources_needed: 100,
  content_angle: 'Practical',
  potential_statistics_topics: ['churn rates'],
  industry_specific_considerations: ['regulation'],
};

beforeEach(() => store.clear());

describe('topic analysis', () => {
  it('asks with the brief, stores the analysis with its numbers clamped', async () => {
    const { gateway, calls } = scripted({ topic_analysis: { ...ANALYSIS, estimated_sources_needed: 900 } });
    const analysis = await analyzeTopic(context(gateway));
    expect(calls[0]?.prompt).toContain('Topic: Customer retention for regional banks');
    expect(calls[0]?.prompt).toContain('Direction: Focus on practical steps');
    expect(calls[0]?.step).toBe('topic_analysis');
    expect(analysis).toMatchObject({ estimated_sources_needed: 500, recommended_sections: 10 });
    expect(store.get('topic_analysis')).toEqual(analysis);
  });
});

describe('keyword research', () => {
  it('asks for as many queries as the research depth needs and returns the search batches', async () => {
    store.set('topic_analysis', ANALYSIS);
    const { gateway, calls } = scripted({
      keyword_research: {
        primary_keywords: [{ term: 'churn', search_priority: 8, intent: 'informational' }],
        secondary_keywords: [],
        long_tail_keywords: [],
        question_keywords: ['why do customers leave banks'],
        industry_terms: [],
        trending_terms: [],
        search_queries: ['bank churn survey', 'retention benchmark', 'loyalty banking study'],
      },
    });
    const result = await researchKeywords(context(gateway));
    // 100 sources needed → 200 candidates → 25 searches asked for.
    expect(calls[0]?.prompt).toContain('at least 25 distinct');
    expect(result).toEqual({ search_batches: [0, 1] });
    expect((store.get('keyword_research') as { query_batches: string[][] }).query_batches).toEqual([
      ['bank churn survey', 'retention benchmark', 'loyalty banking study'],
      ['why do customers leave banks', 'churn Customer Retention for Regional Banks'],
    ]);
  });
});

const RESEARCH: ResearchArtifact = {
  sources: [1, 2, 3].map((id) => ({
    id,
    url: `https://example.org/${id}`,
    title: `Source ${id}`,
    domain: 'example.org',
    publisher: null,
    published_at: null,
    accessed_at: '2026-01-01T00:00:00Z',
    relevance_score: 1 - id / 10,
    snippet: '',
  })),
  insights: [{ text: 'Churn is concentrated in the first year', source_ids: [2] }],
  statistics: [
    {
      id: 'stat_1',
      value: '23%',
      label: 'first-year churn',
      context: null,
      type: 'percentage',
      source_id: 2,
    },
    { id: 'stat_2', value: '$4M', label: 'cost of churn', context: null, type: 'currency', source_id: 3 },
  ],
  quotes: [],
  synthesis: { summary: 'Churn is costly.', themes: [], key_findings: [], gaps: [] },
  counts: {
    sources_found: 3,
    sources_selected: 3,
    sources_read: 3,
    sources_failed: 0,
    statistics_extracted: 2,
    statistics_verified: 2,
    statistics_dropped: 0,
  },
  started_at: '2026-01-01T00:00:00Z',
  completed_at: '2026-01-01T00:01:00Z',
};
const OUTLINE: OutlineArtifact = {
  title: 'Keeping Customers',
  subtitle: 'What works',
  executive_summary_points: ['Churn is early'],
  sections: [1, 2].map((number) => ({
    number,
    label: `Step ${number}:`,
    title: `Section ${number}`,
    key_point: 'Point',
    subsections: [],
    statistics_to_include: number === 1 ? ['stat_1'] : [],
    source_ids: number === 1 ? [2] : [3],
    include_chart: false,
    chart_type: 'bar',
    include_callout: false,
    callout_type: 'note',
    estimated_word_count: 400,
  })),
  conclusion: { title: 'End', key_takeaways: ['Act early'], call_to_action: 'Call us' },
  quotes_placement: [],
};
const SECTION: SectionDraft = {
  lead_paragraph: 'Churn starts early [2].',
  body_paragraphs: ['23% of customers leave in year one [2].'],
  subsections: [],
  callout: null,
  statistics_used: ['stat_1', 'stat_2'],
};

describe('content writing', () => {
  it('writes a section from its plan, its statistics and its sources', async () => {
    store.set('outline_creation', OUTLINE);
    store.set('web_research', RESEARCH);
    const { gateway, calls } = scripted({ section: SECTION });
    await writeSection(context(gateway), 1);
    const prompt = calls[0]?.prompt ?? '';
    expect(prompt).toContain('Section title: Section 1');
    expect(prompt).toContain('stat_1: 23% — first-year churn [2]');
    expect(prompt).toContain('[2] Source 2');
    expect(store.get('content_writing/section-1')).toEqual(SECTION);
    await expect(writeSection(context(gateway), 7)).rejects.toMatchObject({ name: 'GEN_001' });
  });

  it('assembles the draft from the outline and the parts, statistics from plan and writer', async () => {
    store.set('outline_creation', OUTLINE);
    store.set('content_writing/section-1', SECTION);
    store.set('content_writing/section-2', { ...SECTION, statistics_used: [] });
    store.set('content_writing/summary', { summary: 'Summary [2].' });
    store.set('content_writing/conclusion', {
      title: 'End',
      lead: 'Lead.',
      content: 'Content.',
      key_takeaways: ['Act early'],
      cta: 'Call us',
    });
    const draft = await assembleContent(context(scripted({}).gateway));
    expect(draft.sections.map((section) => [section.number, section.label, section.statistic_ids])).toEqual([
      [1, 'Step 1:', ['stat_1', 'stat_2']],
      [2, 'Step 2:', []],
    ]);
    expect(store.get('content_writing')).toEqual(draft);
  });
});

describe('normaliseTopicAnalysis', () => {
  it('clamps the research depth to 20–500 sources and the sections to 3–10', () => {
    const analysis = {
      key_concepts: [' AI ', 'AI', 'ROI'],
      recommended_sections: 40,
      estimated_sources_needed: 3,
    } as TopicAnalysis;
    expect(normaliseTopicAnalysis(analysis)).toMatchObject({
      key_concepts: ['AI', 'ROI'],
      recommended_sections: 10,
      estimated_sources_needed: 20,
    });
    expect(
      normaliseTopicAnalysis({ ...analysis, estimated_sources_needed: 9000 }).estimated_sources_needed,
    ).toBe(500);
  });
});

describe('planQueries', () => {
  it('takes the model’s queries first, then keyword-derived ones, without repeats, up to the count', () => {
    const research: KeywordResearch = {
      primary_keywords: [
        { term: 'churn', search_priority: 3, intent: 'informational' },
        { term: 'retention', search_priority: 9, intent: 'informational' },
      ],
      secondary_keywords: [],
      long_tail_keywords: ['retention for regional banks'],
      question_keywords: ['How to reduce churn?'],
      industry_terms: ['banking'],
      trending_terms: [],
      search_queries: ['bank retention survey', 'Bank  Retention Survey', 'churn benchmarks'],
    };
    expect(planQueries(research, 'customer retention', 5)).toEqual([
      'bank retention survey',
      'churn benchmarks',
      'How to reduce churn?',
      'retention customer retention',
      'churn customer retention',
    ]);
    expect(planBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    // 20 queries in threes would be 7 requests; capped at 3 batches they grow instead.
    const capped = planBatches(
      Array.from({ length: 20 }, (_, index) => index),
      3,
      3,
    );
    expect(capped.map((batch) => batch.length)).toEqual([7, 7, 6]);
    expect(capped.flat()).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(planBatches([], 3)).toEqual([]);
  });
});
