/**
 * The offline model: a {@link ModelGateway} that answers every pipeline task without a network,
 * so the local runtime runs the whole pipeline (state machine, S3, progress, PDF) on a machine with
 * no Anthropic key and no internet. Its content is sample text about a fictitious world
 * (`offline-world.ts`), derived from the topic and the client; documents made with it are marked
 * as sample content.
 *
 * It may only run where `CS_OFFLINE_MODEL=allowed`, which only the local cloud sets; the AWS
 * Lambda bundles replace `process.env.CS_OFFLINE_MODEL` with `"forbidden"` at build time
 * (`infra/aws/bundling.ts`), so no configuration can switch it on in AWS.
 */
import { GenerationError } from '../../generation/job-lifecycle.ts';
import type { RunBrief } from '../../generation/run-context.ts';
import type { ModelGateway, StructuredCall, WebSearchHit } from '../model-gateway.ts';
import {
  answerConclusion,
  answerExtraction,
  answerIndustryAnalysis,
  answerKeywordResearch,
  answerOutline,
  answerSection,
  answerSummary,
  answerSynthesis,
  answerTopicAnalysis,
} from './offline-answers.ts';
import { DIMENSIONS, offlineSource, offlineSourceUrl } from './offline-world.ts';
import { seeded } from './seeded.ts';

/** The value that lets the offline model run (set by `infra/local/cloud.ts` only). */
export const OFFLINE_MODEL_ALLOWED = 'allowed';

/** Whether this runtime may use the offline model. */
export function offlineModelAllowed(): boolean {
  // Written out in full so the AWS bundle's `define` replaces it with a constant.
  return process.env.CS_OFFLINE_MODEL === OFFLINE_MODEL_ALLOWED;
}

// biome-ignore lint/suspicious/noExplicitAny: each answer reads the facts its own step passes.
type Answer = (brief: RunBrief, facts: any) => unknown;

/** Task name (`StructuredCall.task`) → composer. */
const ANSWERS: Readonly<Record<string, Answer>> = {
  topic_analysis: answerTopicAnalysis,
  keyword_research: answerKeywordResearch,
  industry_analysis: answerIndustryAnalysis,
  outline: answerOutline,
  section: answerSection,
  summary: answerSummary,
  conclusion: answerConclusion,
  extract_insights: answerExtraction,
  synthesize_research: answerSynthesis,
};

/** Results one offline search returns per query. */
const HITS_PER_QUERY = 8;
/** Variants of each angle the offline web holds; fewer than queries × hits, so searches overlap. */
const VARIANTS = 10;

/** The offline web's answer to `query`: example sources, preferring angles the query names. */
export function offlineSearch(brief: RunBrief, query: string): WebSearchHit[] {
  const random = seeded(brief.topic, 'search', query);
  const named = DIMENSIONS.filter((each) =>
    query.toLowerCase().includes(each.concept.split(' ')[0] as string),
  );
  const hits: WebSearchHit[] = [];
  for (let i = 0; i < HITS_PER_QUERY; i++) {
    const dimension = i % 2 === 0 && named.length ? random.pick(named) : random.pick(DIMENSIONS);
    const url = offlineSourceUrl(brief.topic, dimension.key, random.int(0, VARIANTS - 1));
    const source = offlineSource(brief, url);
    if (!source) continue;
    hits.push({
      url,
      title: source.title,
      snippet: source.text.split('\n\n')[1] ?? '',
      page_age: source.published_at,
      query,
    });
  }
  return hits;
}

/** The offline model for a run about `brief`. */
export function createOfflineGateway(brief: RunBrief): ModelGateway {
  return {
    mode: 'offline',
    async structured<T>(call: StructuredCall<T>) {
      const answer = ANSWERS[call.task];
      if (!answer)
        throw new GenerationError('GEN_006', `The offline model has no answer for task ${call.task}`);
      const parsed = call.schema.safeParse(answer(brief, call.facts));
      if (!parsed.success) {
        throw new GenerationError(
          'GEN_006',
          `The offline answer to ${call.task} is invalid: ${parsed.error.message}`,
        );
      }
      return { value: parsed.data, usage: [] };
    },
    async webSearch(call) {
      return { value: call.queries.flatMap((query) => offlineSearch(brief, query)), usage: [] };
    },
  };
}
