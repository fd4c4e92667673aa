/**
 * Ranking of discovered sources (PRD §7.2.3 `score_source_relevance`) and how deep to research.
 *
 *   score = 0.30 authority + 0.25 title relevance + 0.20 snippet relevance
 *         + 0.15 concept coverage + 0.10 recency
 *
 * Relevance is the share of the topic's content words a text contains (after lowercasing,
 * dropping stop words and light suffix stripping), concept coverage the share of key concepts
 * the title or snippet mention, recency decays linearly over a year from the search result's
 * `page_age` (0.5 when unknown).
 */
import { domainAuthority } from './domain-authority.ts';
import { parseLooseDate } from './loose-date.ts';
import type { DedupedHit } from './source-urls.ts';

export const SCORE_WEIGHTS = {
  authority: 0.3,
  title_relevance: 0.25,
  snippet_relevance: 0.2,
  concept_coverage: 0.15,
  recency: 0.1,
} as const;

export type ScoreComponents = { [K in keyof typeof SCORE_WEIGHTS]: number };

export interface ScoredSource extends DedupedHit {
  /** 0–1, rounded to 4 decimals. */
  score: number;
  components: ScoreComponents;
}

export interface ScoringContext {
  /** The refined topic of the topic analysis. */
  topic: string;
  keyConcepts: readonly string[];
  now?: Date;
  /** Authority of a domain; the configured table by default. */
  authority?: (domain: string) => number;
}

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can do does for from has have how in into is it its of on or our ' +
    'that the their there these this those to was were what when where which who why will with your you ' +
    'about after all also any between both each more most new not other over same so some such than then ' +
    'they through under up very via vs guide complete'
  ).split(' '),
);

/** Light English suffix stripping so "strategies"/"strategy" and "implementing"/"implement" meet. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 6 && word.endsWith('ation')) return word.slice(0, -5);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && /(ss|us|is)$/.test(word)) return word;
  if (word.length > 3 && word.endsWith('es') && /(x|ch|sh|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Content words of `text`, stemmed. */
export function contentTerms(text: string): Set<string> {
  const terms = new Set<string>();
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u);
  for (const word of words) {
    if (word.length < 2 || STOP_WORDS.has(word)) continue;
    terms.add(stem(word));
  }
  return terms;
}

/** Share (0–1) of `reference`'s content words that `text` contains. */
export function textSimilarity(text: string, reference: Set<string>): number {
  if (reference.size === 0 || !text) return 0;
  const terms = contentTerms(text);
  let shared = 0;
  for (const term of reference) if (terms.has(term)) shared += 1;
  return shared / reference.size;
}

/** Share (0–1) of `concepts` that `text` mentions, as a phrase or with all of their words. */
export function conceptCoverage(text: string, concepts: readonly string[]): number {
  const wanted = concepts.map((concept) => concept.trim()).filter(Boolean);
  if (wanted.length === 0) return 0;
  const lower = text.toLowerCase();
  const terms = contentTerms(text);
  const covered = wanted.filter((concept) => {
    if (lower.includes(concept.toLowerCase())) return true;
    const conceptTerms = contentTerms(concept);
    return conceptTerms.size > 0 && [...conceptTerms].every((term) => terms.has(term));
  });
  return covered.length / wanted.length;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** 1 for today, 0 for a year or older, 0.5 when the age is unknown. */
export function recencyScore(pageAge: string | null, now: Date): number {
  const published = parseLooseDate(pageAge, now);
  if (!published) return 0.5;
  const daysOld = Math.max(0, (now.getTime() - published.getTime()) / DAY_MS);
  return Math.max(0, 1 - daysOld / 365);
}

/** Scores every hit and sorts them best first (ties keep discovery order). */
export function scoreSources(hits: readonly DedupedHit[], context: ScoringContext): ScoredSource[] {
  const now = context.now ?? new Date();
  const topicTerms = contentTerms(context.topic);
  const authority = context.authority ?? domainAuthority;
  const scored = hits.map((hit) => {
    const components: ScoreComponents = {
      authority: authority(hit.domain),
      title_relevance: textSimilarity(hit.title, topicTerms),
      snippet_relevance: textSimilarity(hit.snippet, topicTerms),
      concept_coverage: conceptCoverage(`${hit.title}\n${hit.snippet}`, context.keyConcepts),
      recency: recencyScore(hit.page_age, now),
    };
    const total = (Object.keys(SCORE_WEIGHTS) as Array<keyof ScoreComponents>).reduce(
      (sum, key) => sum + components[key] * SCORE_WEIGHTS[key],
      0,
    );
    return { ...hit, score: Math.round(total * 10_000) / 10_000, components };
  });
  return scored.sort((a, b) => b.score - a.score);
}

export interface SelectionOptions {
  limit: number;
  /** Most sources taken from one domain while others are left (default max(2, ⌈limit/10⌉)). */
  perDomainCap?: number;
}

/**
 * The best `limit` sources with at most `perDomainCap` per domain, so one prolific site cannot
 * crowd out the rest. When too few domains exist to fill `limit`, the capped-out sources fill
 * the remaining places (a smaller but diverse list would only mean reading less). Best first.
 */
export function selectSources<T extends { domain: string; score: number }>(
  ranked: readonly T[],
  options: SelectionOptions,
): T[] {
  const limit = Math.max(0, Math.floor(options.limit));
  const cap = options.perDomainCap ?? Math.max(2, Math.ceil(limit / 10));
  const perDomain = new Map<string, number>();
  const chosen = new Set<T>();
  for (const source of ranked) {
    if (chosen.size >= limit) break;
    const count = perDomain.get(source.domain) ?? 0;
    if (count >= cap) continue;
    perDomain.set(source.domain, count + 1);
    chosen.add(source);
  }
  for (const source of ranked) {
    if (chosen.size >= limit) break;
    chosen.add(source);
  }
  return ranked.filter((source) => chosen.has(source));
}

/** How much research a topic gets (PRD §7.2.3 "research depth scales with topic complexity"). */
export interface ResearchDepth {
  /** Sources to read successfully: the topic analysis' estimate, clamped to 20–500. */
  target: number;
  /** Fewer successful reads than this makes the research thin (PRD `min_sources`). */
  minimum: number;
  /**
   * Ranked candidates to take into deep reading (PRD `max_sources`, 2 × target up to 500): reading
   * stops once `target` succeeded, the rest absorb failures.
   */
  candidates: number;
  /** Web searches to run to discover about `candidates` distinct URLs. */
  searches: number;
}

/** Distinct new URLs one web search contributes on average across related queries. */
const URLS_PER_SEARCH = 8;
const MAX_SEARCHES = 60;

/** {@link ResearchDepth} for the topic analysis' `estimated_sources_needed`. */
export function researchDepth(estimatedSourcesNeeded: number): ResearchDepth {
  const estimate = Number.isFinite(estimatedSourcesNeeded) ? Math.round(estimatedSourcesNeeded) : 20;
  const target = Math.min(500, Math.max(20, estimate));
  const candidates = Math.min(500, target * 2);
  return {
    target,
    minimum: Math.max(20, Math.floor(target * 0.5)),
    candidates,
    searches: Math.min(MAX_SEARCHES, Math.max(3, Math.ceil(candidates / URLS_PER_SEARCH))),
  };
}
