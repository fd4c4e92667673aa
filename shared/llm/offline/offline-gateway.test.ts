/**
 * The offline model: it only runs where the local runtime allows it; its web is clearly
 * fictitious; the texts its reader returns state every statistic its extraction reports (so the
 * real provenance check passes on merit); and it answers every pipeline task with schema-valid
 * content about the brief's topic, client and industry — the same answer every time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunBrief } from '../../generation/run-context.ts';
import {
  ConclusionDraftSchema,
  SectionDraftSchema,
  SummaryDraftSchema,
} from '../../generation/steps/content-writing.ts';
import { IndustryAnalysisSchema } from '../../generation/steps/industry-analysis.ts';
import { KeywordResearchSchema } from '../../generation/steps/keyword-research.ts';
import { normaliseOutline, OutlineSchema } from '../../generation/steps/outline.ts';
import type { ResearchArtifact } from '../../generation/steps/research-artifact.ts';
import { normaliseTopicAnalysis, TopicAnalysisSchema } from '../../generation/steps/topic-analysis.ts';
import { extractInsights } from '../../research/extract-insights.ts';
import { SourceReadError } from '../../research/source-reader.ts';
import { dedupeHits } from '../../research/source-urls.ts';
import { synthesizeResearch } from '../../research/synthesize-research.ts';
import type { ModelGateway, StructuredCall } from '../model-gateway.ts';
import { createOfflineGateway, offlineModelAllowed } from './offline-gateway.ts';
import { createOfflineSourceReader } from './offline-reader.ts';

const BRIEF: RunBrief = {
  topic: 'Customer Retention Strategies for Regional Banks',
  client_name: 'Harbor Advisory',
  industry: 'Financial Services',
  tone: 'authoritative',
  keywords: ['customer retention', 'churn'],
  services: ['Customer Analytics', 'Loyalty Programme Design'],
  custom_direction: null,
  additional_context: null,
  company_description: null,
};

const previous = process.env.CS_OFFLINE_MODEL;
afterEach(() => {
  process.env.CS_OFFLINE_MODEL = previous;
});

async function ask<T>(gateway: ModelGateway, call: Omit<StructuredCall<T>, 'system' | 'prompt'>): Promise<T> {
  const { value, usage } = await gateway.structured({ ...call, system: 'system', prompt: 'prompt' });
  expect(usage).toEqual([]);
  return value;
}

/** The research an offline run gathers, end to end through search, reading and extraction. */
async function offlineResearch(gateway: ModelGateway) {
  const reader = createOfflineSourceReader(BRIEF);
  const { value: hits } = await gateway.webSearch({
    step: 'web_research',
    topic: BRIEF.topic,
    queries: ['customer retention survey 2026', 'churn benchmark banks'],
  });
  const sources = await Promise.all(
    dedupeHits(hits).map(async (hit, index) => ({ ...(await reader.read(hit.url)), id: index + 1 })),
  );
  const extraction = await extractInsights({
    gateway,
    topic: BRIEF.topic,
    keyConcepts: ['customer retention'],
    sources,
  });
  return { hits, sources, extraction };
}

describe('offlineModelAllowed', () => {
  it('is true only where CS_OFFLINE_MODEL is exactly "allowed"', () => {
    process.env.CS_OFFLINE_MODEL = 'allowed';
    expect(offlineModelAllowed()).toBe(true);
    for (const value of ['forbidden', 'true', '1', '']) {
      process.env.CS_OFFLINE_MODEL = value;
      expect(offlineModelAllowed()).toBe(false);
    }
    delete process.env.CS_OFFLINE_MODEL;
    expect(offlineModelAllowed()).toBe(false);
  });
});

describe('the offline web', () => {
  it('finds only fictitious example sources, several queries finding some of the same pages', async () => {
    const { hits } = await offlineResearch(createOfflineGateway(BRIEF));
    expect(hits.length).toBe(16);
    for (const hit of hits) {
      expect(new URL(hit.url).hostname).toMatch(/^(www\.)?example\.(org|com|net)$/);
      expect(hit.title).toMatch(/\(example\)$/);
    }
    expect(dedupeHits(hits).length).toBeLessThan(hits.length);
  });

  it('reads texts that say they are fictitious and state every statistic and quote extraction reports', async () => {
    const { sources, extraction } = await offlineResearch(createOfflineGateway(BRIEF));
    for (const source of sources) expect(source.text).toContain('fictitious');
    expect(extraction.statistics.length).toBeGreaterThanOrEqual(sources.length * 3);
    expect(extraction.dropped.statistics).toEqual([]);
    expect(extraction.quotes).toHaveLength(sources.length);
    expect(extraction.dropped.quotes).toEqual([]);
  });

  it('refuses to read anything else', async () => {
    const reader = createOfflineSourceReader(BRIEF);
    await expect(reader.read('https://www.mckinsey.com/insights')).rejects.toBeInstanceOf(SourceReadError);
    await expect(reader.read('https://example.org/research/nothing-here')).rejects.toMatchObject({
      reason: 'blocked_address',
    });
  });

  it('synthesises key findings that cite only sources that were read', async () => {
    const gateway = createOfflineGateway(BRIEF);
    const { sources, extraction } = await offlineResearch(gateway);
    const { synthesis } = await synthesizeResearch({
      gateway,
      topic: BRIEF.topic,
      sources,
      insights: extraction.insights,
      statistics: extraction.statistics,
    });
    expect(synthesis.themes.length).toBeGreaterThan(0);
    expect(synthesis.key_findings.length).toBeGreaterThan(0);
    const read = new Set(sources.map((source) => source.id));
    for (const finding of synthesis.key_findings) {
      expect(finding.source_ids.length).toBeGreaterThan(0);
      expect(finding.source_ids.every((id) => read.has(id))).toBe(true);
      // Each finding is a sentence its sources state (they are the offline web's own findings).
      const texts = sources.filter((source) => finding.source_ids.includes(source.id));
      expect(texts.some((source) => source.text.includes(finding.finding))).toBe(true);
    }
  });
});

describe('the offline answers', () => {
  it('cover every pipeline task with schema-valid content about the topic, client and industry', async () => {
    const gateway = createOfflineGateway(BRIEF);
    const analysis = normaliseTopicAnalysis(
      await ask(gateway, {
        step: 'topic_analysis',
        task: 'topic_analysis',
        schema: TopicAnalysisSchema,
        facts: {},
      }),
    );
    expect(analysis.key_concepts).toContain('customer retention');
    const keywords = await ask(gateway, {
      step: 'keyword_research',
      task: 'keyword_research',
      schema: KeywordResearchSchema,
      facts: { analysis, query_count: 6 },
    });
    expect(keywords.search_queries).toHaveLength(6);

    const { sources, extraction } = await offlineResearch(gateway);
    const research: ResearchArtifact = {
      sources: sources.map((source) => ({
        id: source.id,
        url: source.url,
        title: source.title,
        domain: new URL(source.url).hostname,
        publisher: null,
        published_at: source.published_at,
        accessed_at: source.fetched_at,
        relevance_score: 0.5,
        snippet: '',
      })),
      insights: extraction.insights,
      statistics: extraction.statistics.map((statistic, i) => ({
        id: `stat_${i + 1}`,
        value: statistic.value,
        label: statistic.label,
        context: statistic.context,
        type: statistic.type,
        source_id: statistic.source_id,
      })),
      quotes: extraction.quotes.map((quote, i) => ({ ...quote, id: `quote_${i + 1}` })),
      synthesis: { summary: 's', themes: [], key_findings: [], gaps: [] },
      counts: {
        sources_found: sources.length,
        sources_selected: sources.length,
        sources_read: sources.length,
        sources_failed: 0,
        statistics_extracted: extraction.statistics.length,
        statistics_verified: extraction.statistics.length,
        statistics_dropped: 0,
      },
      started_at: new Date().toISOString(),
      completed_at: new Date().toISOString(),
    };
    const industry = await ask(gateway, {
      step: 'industry_analysis',
      task: 'industry_analysis',
      schema: IndustryAnalysisSchema,
      facts: { research },
    });
    expect(industry.industry_overview).toMatch(/financial services organisations/i);

    const outline = normaliseOutline(
      await ask(gateway, {
        step: 'outline_creation',
        task: 'outline',
        schema: OutlineSchema,
        facts: { research, section_count: 4 },
      }),
      10,
      {
        statistics: new Set(research.statistics.map((s) => s.id)),
        sources: new Set(research.sources.map((s) => s.id)),
        quotes: new Set(research.quotes.map((q) => q.id)),
      },
    );
    expect(outline.sections).toHaveLength(4);
    expect(outline.sections[0]?.label).toBe('Strategy 1:');
    expect(outline.conclusion.call_to_action).toContain('Harbor Advisory');

    const sections = await Promise.all(
      outline.sections.map((section) =>
        ask(gateway, {
          step: 'content_writing',
          task: 'section',
          schema: SectionDraftSchema,
          facts: {
            outline,
            section,
            statistics: research.statistics,
            insights: research.insights,
            sources: research.sources,
            quotes: [],
          },
        }),
      ),
    );
    const prose = sections.flatMap((section) => section.body_paragraphs).join(' ');
    expect(prose).toContain('customer analytics');
    expect(prose).not.toMatch(/lorem|ipsum/i);
    for (const section of sections) {
      for (const id of section.statistics_used) {
        const statistic = research.statistics.find((each) => each.id === id);
        expect(section.body_paragraphs.join(' ')).toContain(`${statistic?.value} `);
      }
    }
    const summary = await ask(gateway, {
      step: 'content_writing',
      task: 'summary',
      schema: SummaryDraftSchema,
      facts: { outline, research },
    });
    const conclusion = await ask(gateway, {
      step: 'content_writing',
      task: 'conclusion',
      schema: ConclusionDraftSchema,
      facts: { outline, research },
    });
    expect(summary.summary).toMatch(/financial services organisations/i);
    expect(conclusion.key_takeaways).toEqual(outline.conclusion.key_takeaways);
    expect(conclusion.content).toContain('customer retention');
  });

  it('are the same every time for the same brief, and differ for another topic', async () => {
    const call = {
      step: 'topic_analysis',
      task: 'topic_analysis',
      schema: TopicAnalysisSchema,
      facts: {},
    } as const;
    const first = await ask(createOfflineGateway(BRIEF), call);
    expect(await ask(createOfflineGateway(BRIEF), call)).toEqual(first);
    const other = await ask(createOfflineGateway({ ...BRIEF, topic: 'Warehouse Automation' }), call);
    expect(other.refined_topic).not.toEqual(first.refined_topic);
  });

  it('say so with GEN_006 when asked for a task they do not know', async () => {
    await expect(
      ask(createOfflineGateway(BRIEF), { step: 'quality_review', task: 'poem', schema: TopicAnalysisSchema }),
    ).rejects.toMatchObject({ name: 'GEN_006' });
  });
});
