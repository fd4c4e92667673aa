/**
 * The offline model's answers to the pipeline's own tasks, composed from the facts each step
 * passes with its prompt (`StructuredCall.facts`) and the brief: plausible consulting prose built
 * from sentence patterns about the topic, the client's industry, services and tone, and the
 * fictitious research of `offline-world.ts`. Statistics are quoted exactly as the research
 * recorded them, with their source numbers, so later provenance checks pass on merit.
 */
import type { RunBrief } from '../../generation/run-context.ts';
import type { ConclusionDraft, SectionDraft, SummaryDraft } from '../../generation/steps/content-writing.ts';
import type { IndustryAnalysis } from '../../generation/steps/industry-analysis.ts';
import type { KeywordResearch } from '../../generation/steps/keyword-research.ts';
import type { Outline, OutlineArtifact, OutlineSection } from '../../generation/steps/outline.ts';
import type {
  ResearchArtifact,
  ResearchInsight,
  ResearchQuote,
  ResearchSource,
  ResearchStatistic,
} from '../../generation/steps/research-artifact.ts';
import type { TopicAnalysis } from '../../generation/steps/topic-analysis.ts';
import type { Extraction, Synthesis } from '../../research/research-schemas.ts';
import {
  capitalise,
  DIMENSIONS,
  type Dimension,
  dimensionOfTitle,
  offlineSource,
  type TopicTerms,
  titleCase,
  topicTerms,
} from './offline-world.ts';
import { seeded } from './seeded.ts';

/** The year the offline world's surveys are dated. */
const YEAR = 2026;

/** Dimensions in the order a report on this topic covers them (stable per topic). */
function dimensionOrder(brief: RunBrief): Dimension[] {
  return seeded(brief.topic, 'dimensions').sample(DIMENSIONS, DIMENSIONS.length);
}

/** The kicker style the topic calls for ("Strategy 1:"), or null. */
function labelFor(brief: RunBrief, number: number): string | null {
  const topic = brief.topic.toLowerCase();
  if (/\bstrateg/.test(topic)) return `Strategy ${number}:`;
  if (/\bsteps?\b|\bhow to\b/.test(topic)) return `Step ${number}:`;
  if (/\bways?\b|\btactics?\b|\bpractices?\b/.test(topic)) return `Practice ${number}:`;
  return null;
}

/** Step 1. */
export function answerTopicAnalysis(brief: RunBrief): TopicAnalysis {
  const terms = topicTerms(brief);
  const random = seeded(brief.topic, 'topic_analysis');
  const words = brief.topic.split(/\s+/).length;
  const dims = dimensionOrder(brief).slice(0, 6);
  const scope = words <= 4 ? 'narrow' : words <= 8 ? 'medium' : 'broad';
  return {
    refined_topic: titleCase(terms.subject),
    topic_scope: scope,
    complexity_level: words <= 4 ? 'basic' : 'intermediate',
    target_audience: `${capitalise(terms.audience)} and senior managers responsible for ${terms.short}`,
    key_concepts: [terms.short, ...brief.keywords.slice(0, 3), ...dims.map((each) => each.concept)],
    related_topics: dims.slice(3).map((each) => `${each.concept} in ${terms.industry}`),
    recommended_sections: random.int(4, 5),
    research_depth: scope === 'narrow' ? 'moderate' : 'deep',
    // Offline sources cost nothing to read, but a demo run should still finish in seconds.
    estimated_sources_needed: Math.min(60, 20 + 4 * words),
    content_angle: `A practical, evidence-led guide to ${terms.short} that favours a few measurable moves over broad transformation programmes`,
    potential_statistics_topics: dims.map((each) => `${each.concept} in ${terms.short}`),
    industry_specific_considerations: [
      `How ${terms.organisations} fund and staff ${terms.short}`,
      `Regulation and customer expectations specific to ${terms.industry}`,
    ],
  };
}

/** Step 2. */
export function answerKeywordResearch(
  brief: RunBrief,
  facts: { analysis: TopicAnalysis; query_count: number },
): KeywordResearch {
  const terms = topicTerms(brief);
  const concepts = facts.analysis.key_concepts;
  const forms = [
    (c: string) => `${terms.short} ${c} survey ${YEAR}`,
    (c: string) => `${c} benchmark ${terms.organisations}`,
    (c: string) => `how ${terms.organisations} approach ${c} in ${terms.short}`,
    (c: string) => `${c} ${terms.short} research report`,
  ];
  const queries: string[] = [];
  for (let round = 0; queries.length < facts.query_count && round < forms.length; round++) {
    for (const concept of concepts) {
      if (queries.length === facts.query_count) break;
      queries.push((forms[round] as (c: string) => string)(concept));
    }
  }
  return {
    primary_keywords: [terms.short, ...brief.keywords].slice(0, 5).map((term, i) => ({
      term,
      search_priority: 10 - i,
      intent: 'informational' as const,
    })),
    secondary_keywords: concepts.slice(1, 6),
    long_tail_keywords: concepts.slice(0, 3).map((concept) => `${concept} for ${terms.organisations}`),
    question_keywords: [`how to measure ${terms.short}`, `what makes ${terms.short} succeed`],
    industry_terms: [terms.industry, ...brief.services.slice(0, 2)],
    trending_terms: [`${terms.short} ${YEAR}`],
    search_queries: queries,
  };
}

const findings = (stats: readonly ResearchStatistic[]) => stats.filter((s) => s.type === 'percentage');

/** Step 4. */
export function answerIndustryAnalysis(
  brief: RunBrief,
  facts: { research: ResearchArtifact },
): IndustryAnalysis {
  const terms = topicTerms(brief);
  const dims = dimensionOrder(brief);
  return {
    industry_overview: `${capitalise(terms.organisations)} are moving ${terms.short} from experiments into everyday operations, and the gap between those with a plan and those without is widening.`,
    current_trends: dims.slice(0, 3).map((each) => each.findings(terms)[0] as string),
    challenges: dims.slice(3, 5).map((each) => each.keyPoint(terms)),
    opportunities: dims.slice(5, 7).map((each) => each.advice(terms)[0] as string),
    benchmarks: findings(facts.research.statistics)
      .slice(0, 3)
      .map((stat) => ({ metric: capitalise(stat.label), value: stat.value, source_id: stat.source_id })),
    competitive_landscape: `Early movers among ${terms.organisations} are turning ${terms.short} into a visible advantage; most others are still at the pilot stage.`,
    future_outlook: `Expect ${terms.short} to become a routine part of how ${terms.organisations} operate, with the advantage going to those who measure and scale deliberately.`,
    key_players: [],
    regulatory_considerations: [
      `Data protection and accountability rules that apply to ${terms.short} in ${terms.industry}`,
    ],
  };
}

/** The dimension each research source belongs to (offline sources name it in their URL). */
function sourceDimensions(brief: RunBrief, sources: readonly ResearchSource[]): Map<number, string> {
  const byId = new Map<number, string>();
  for (const source of sources) {
    const offline = offlineSource(brief, source.url);
    if (offline) byId.set(source.id, offline.dimension.key);
  }
  return byId;
}

/** Step 5. */
export function answerOutline(
  brief: RunBrief,
  facts: { research: ResearchArtifact; section_count: number },
): Outline {
  const terms = topicTerms(brief);
  const { research } = facts;
  const dimensionOf = sourceDimensions(brief, research.sources);
  const covered = new Set(research.statistics.map((stat) => dimensionOf.get(stat.source_id)));
  const order = dimensionOrder(brief);
  const dims = [
    ...order.filter((each) => covered.has(each.key)),
    ...order.filter((each) => !covered.has(each.key)),
  ].slice(0, facts.section_count);
  const sections = dims.map((dim, index) => {
    const sources = research.sources.filter((source) => dimensionOf.get(source.id) === dim.key);
    const sourceIds = new Set(sources.map((source) => source.id));
    const stats = research.statistics.filter((stat) => sourceIds.has(stat.source_id));
    // A chart needs two comparable figures from one source: the segment figures of the first.
    const chartSource = stats.find((stat) => stat.type === 'percentage')?.source_id;
    const chartable = stats.filter((stat) => stat.source_id === chartSource && stat.type === 'percentage');
    return {
      label: labelFor(brief, index + 1),
      title: dim.title(terms),
      key_point: dim.keyPoint(terms),
      subsections: dim.subsections(terms),
      statistics_to_include: stats.slice(0, 6).map((stat) => stat.id),
      source_ids: sources.slice(0, 4).map((source) => source.id),
      include_chart: chartable.length >= 2,
      chart_type: 'bar' as const,
      include_callout: true,
      callout_type: dim.callout,
      estimated_word_count: 400,
    };
  });
  const quotes_placement = sections.flatMap((section, index) => {
    const quote = research.quotes.find((each) => section.source_ids.includes(each.source_id));
    return quote ? [{ quote_id: quote.id, section: index + 1 }] : [];
  });
  return {
    // The topic as asked makes the best title; a long one is cut to its subject.
    title:
      terms.subject.split(' ').length <= 12
        ? titleCase(terms.subject)
        : `${titleCase(terms.short)}: What Works for ${titleCase(terms.organisations)}`,
    // The cover says what this is, whatever the template does with the content's sample flag.
    subtitle: `Sample text generated offline: a practical guide for ${terms.audience}, drawn from ${research.counts.sources_read} example sources`,
    executive_summary_points: dims.slice(0, 3).map((dim) => dim.keyPoint(terms)),
    sections,
    conclusion: {
      title: 'The Bottom Line',
      key_takeaways: dims.slice(0, 4).map((dim) => dim.advice(terms)[0] as string),
      call_to_action: `Talk to ${brief.client_name} about where ${terms.short} can make the biggest difference in your organisation.`,
    },
    quotes_placement,
  };
}

/** "According to …, 64% of … [3]." or "According to …, organisations were 2.3x more likely … [3]." */
function statisticSentence(
  brief: RunBrief,
  stat: ResearchStatistic,
  sources: readonly ResearchSource[],
): string {
  const source = sources.find((each) => each.id === stat.source_id);
  const by =
    source?.publisher ??
    (source && offlineSource(brief, source.url)?.publisher) ??
    source?.domain ??
    'the research';
  const claim =
    stat.type === 'multiplier'
      ? `organisations were ${stat.value} ${stat.label}`
      : `${stat.value} ${stat.label}`;
  return `According to ${by}, ${claim} [${stat.source_id}].`;
}

const TONE_CLOSERS: Record<RunBrief['tone'], readonly string[]> = {
  professional: [
    'The evidence points the same way across sectors and company sizes.',
    'The pattern is consistent enough to plan around.',
  ],
  casual: [
    'Put simply: small, measurable steps beat big plans.',
    'In other words, start small and keep score.',
  ],
  authoritative: [
    'Leaders who ignore this pattern pay for it later.',
    'This is not optional for organisations that intend to compete.',
  ],
};

const CALLOUT_TITLES = { tip: 'Pro tip', warning: 'Watch out', note: 'Note', example: 'Example' } as const;

/** Step 6, one section. */
export function answerSection(
  brief: RunBrief,
  facts: {
    outline: OutlineArtifact;
    section: OutlineSection;
    statistics: ResearchStatistic[];
    insights: ResearchInsight[];
    sources: ResearchSource[];
    quotes: ResearchQuote[];
  },
): SectionDraft {
  const terms: TopicTerms = topicTerms(brief);
  const { section, sources } = facts;
  const random = seeded(brief.topic, 'section', section.number);
  const dim = dimensionOfTitle(terms, section.title) ?? (random.pick(DIMENSIONS) as Dimension);
  const planned = facts.statistics.filter((stat) => section.statistics_to_include.includes(stat.id));
  const stats = (planned.length ? planned : facts.statistics).slice(0, 6);
  // The section's own sources first (those its figures come from), then whatever else it was given.
  const citable = [
    ...section.source_ids,
    ...sources.map((source) => source.id).filter((id) => !section.source_ids.includes(id)),
  ];
  const cite = (index: number) => citable[index % Math.max(1, citable.length)];
  const withCitation = (sentence: string, index: number) => {
    const id = cite(index);
    return id === undefined ? sentence : sentence.replace(/\.$/, ` [${id}].`);
  };
  const [found1, found2, found3] = dim.findings(terms);
  const [advice1, advice2, advice3] = dim.advice(terms);
  const headline = stats[0];
  const rest = stats.slice(1);
  // A finding of another angle that this section's sources also support (its own are written already).
  const written = new Set(dim.findings(terms));
  const insight = facts.insights.find(
    (each) => !written.has(each.text) && each.source_ids.some((id) => section.source_ids.includes(id)),
  );
  const services = brief.services;
  const offersHelp =
    services.length > 0 &&
    section.number === 1 + (seeded(brief.topic, 'services').int(0, 1) % facts.outline.sections.length);

  const paragraphs = [
    [
      withCitation(found1 ?? dim.keyPoint(terms), 0),
      headline ? statisticSentence(brief, headline, sources) : '',
      found2 ?? '',
    ]
      .filter(Boolean)
      .join(' '),
    [
      ...rest.slice(0, 2).map((stat) => statisticSentence(brief, stat, sources)),
      insight ? `${insight.text.replace(/\.$/, '')} [${insight.source_ids.join(', ')}].` : '',
      found3 ?? '',
    ]
      .filter(Boolean)
      .join(' '),
    [
      `For ${terms.audience}, the practical consequence is clear. ${advice1 ?? ''}`,
      random.pick(TONE_CLOSERS[brief.tone]),
      offersHelp
        ? `This is also where outside support in ${(services[0] as string).toLowerCase()} tends to pay for itself, provided it builds the team’s own capability.`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
  ].filter((paragraph) => paragraph.trim().length > 0);
  const subsections = section.subsections.slice(0, 2).map((title, i) => ({
    title,
    content: withCitation([advice2, advice3][i] ?? (advice1 as string), i + 1),
  }));
  return {
    lead_paragraph: withCitation(section.key_point, 0),
    body_paragraphs: paragraphs,
    subsections,
    callout: section.include_callout
      ? {
          type: section.callout_type,
          title: CALLOUT_TITLES[section.callout_type],
          content: dim.calloutText(terms),
        }
      : null,
    statistics_used: [headline, ...rest.slice(0, 2)].flatMap((stat) => (stat ? [stat.id] : [])),
  };
}

/** Step 6, executive summary. */
export function answerSummary(
  brief: RunBrief,
  facts: { outline: OutlineArtifact; research: ResearchArtifact },
): SummaryDraft {
  const terms = topicTerms(brief);
  const { outline, research } = facts;
  const cited = research.sources.slice(0, 3).map((source) => source.id);
  const headline = research.statistics.find((stat) => stat.type === 'percentage');
  const first = [
    `${capitalise(terms.organisations)} are under pressure to show results from ${terms.short}, yet outcomes vary widely${cited.length ? ` [${cited.join(', ')}]` : ''}.`,
    headline ? statisticSentence(brief, headline, research.sources) : '',
    `This report draws on ${research.counts.sources_read} sources to identify what separates the programmes that deliver from those that stall.`,
  ];
  const second = [
    'Three findings stand out.',
    ...outline.executive_summary_points.map((point) => (point.endsWith('.') ? point : `${point}.`)),
  ];
  const third = `The sections that follow set out ${outline.sections.length} moves, with the evidence behind each and the measures leaders use to decide what to scale and what to stop.`;
  return { summary: [first.filter(Boolean).join(' '), second.join(' '), third].join('\n\n') };
}

/** Step 6, conclusion. */
export function answerConclusion(
  brief: RunBrief,
  facts: { outline: OutlineArtifact; research: ResearchArtifact },
): ConclusionDraft {
  const terms = topicTerms(brief);
  const { outline, research } = facts;
  const cited = research.sources.slice(0, 2).map((source) => source.id);
  const citation = cited.length ? ` [${cited.join(', ')}]` : '';
  return {
    title: outline.conclusion.title,
    lead: `Success with ${terms.short} is less about technology than about focus, measurement and ownership${citation}.`,
    content: [
      `The organisations that get the most from ${terms.short} share a pattern: they pick a small number of outcomes, prepare their data and people before scaling, and review their portfolio on a fixed rhythm${citation}.`,
      `None of this requires a large programme to begin. It requires a decision about where to start and the discipline to measure what changes.`,
    ].join('\n\n'),
    key_takeaways: outline.conclusion.key_takeaways,
    cta: outline.conclusion.call_to_action,
  };
}

/** Step 3, findings of a batch of sources: what each offline source's text states. */
export function answerExtraction(
  brief: RunBrief,
  facts: { sources: { id: number; url: string }[] },
): Extraction {
  const terms = topicTerms(brief);
  const extraction: Extraction = { insights: [], statistics: [], quotes: [] };
  for (const { id, url } of facts.sources) {
    const source = offlineSource(brief, url);
    if (!source) continue;
    const finding = source.dimension.findings(terms).find((sentence) => source.text.includes(sentence));
    if (finding) extraction.insights.push({ text: finding, source_ids: [id] });
    for (const statistic of source.statistics) {
      extraction.statistics.push({
        value: statistic.value,
        label: statistic.label,
        context: statistic.context,
        year: null,
        type: statistic.type,
        source_id: id,
      });
    }
    extraction.quotes.push({ ...source.quote, source_id: id });
  }
  return extraction;
}

/** Step 3, synthesis. */
export function answerSynthesis(
  brief: RunBrief,
  facts: { insights: ResearchInsight[]; statistics: ResearchStatistic[] },
): Synthesis {
  const terms = topicTerms(brief);
  const themes = dimensionOrder(brief)
    .filter((dim) => facts.insights.some((insight) => dim.findings(terms).includes(insight.text)))
    .map((dim) => capitalise(dim.concept));
  return {
    summary: `The research on ${terms.short} converges on a few themes: ${themes.slice(0, 4).join(', ').toLowerCase() || 'focus and measurement'}. ${facts.statistics.length} figures were found in the sources read, and they point the same way: organisations with explicit practices report better results.`,
    themes,
    key_findings: facts.insights
      .slice(0, 5)
      .map((insight) => ({ finding: insight.text, source_ids: insight.source_ids })),
    gaps: [`Few sources separate results for ${terms.organisations} by size over more than one year.`],
  };
}
