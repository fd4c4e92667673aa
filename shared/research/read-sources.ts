/**
 * Deep reads of the selected sources, in parallel with a cap. One source failing never fails the
 * batch: it is recorded with its reason and the research goes on with the others. Sources read
 * are numbered 1…k in the candidates' (rank) order whatever order the reads finished in, so a
 * re-run over the same ranked list gives the same ids, and the ids are the `source_id`s that
 * statistics, quotes and citations carry (`shared/content/document-content.ts`).
 */
import pLimit from 'p-limit';
import {
  type ReadSource,
  SourceReadError,
  type SourceReader,
  type SourceReadFailure,
} from './source-reader.ts';

/** A source that was read, with the id citations use. */
export interface IdentifiedSource extends ReadSource {
  id: number;
}

export type SourceReadOutcome<T> =
  | { candidate: T; status: 'read'; source: IdentifiedSource }
  | { candidate: T; status: 'failed'; reason: SourceReadFailure; message: string }
  /** Not attempted because `enough` sources had already been read. */
  | { candidate: T; status: 'skipped' };

export interface ReadSourcesOptions {
  /** Reads in flight at once (default 8). */
  concurrency?: number;
  /** Stop starting new reads once this many succeeded (PRD: stop at the target source count). */
  enough?: number;
  /** Aborts the batch: reads in flight are cancelled and `readSources` rejects with the reason. */
  signal?: AbortSignal;
  /**
   * Called after each candidate is settled with how many are settled, how many there are, and how
   * many were read so far ("Reading 47 of ~120 sources"). Awaited, holding that read's slot.
   */
  onProgress?: (done: number, total: number, read: number) => void | Promise<void>;
}

export interface ReadSourcesResult<T> {
  /** One per candidate, in the candidates' order. */
  outcomes: SourceReadOutcome<T>[];
  /** The successful reads, in the candidates' order. */
  sources: IdentifiedSource[];
  failures: Partial<Record<SourceReadFailure, number>>;
}

/** Reads every candidate's `url` with `reader`; see {@link ReadSourcesOptions}. */
export async function readSources<T extends { url: string }>(
  candidates: readonly T[],
  reader: SourceReader,
  options: ReadSourcesOptions = {},
): Promise<ReadSourcesResult<T>> {
  const limit = pLimit(Math.max(1, options.concurrency ?? 8));
  const enough = options.enough ?? Number.POSITIVE_INFINITY;
  const { signal } = options;
  let succeeded = 0;
  let done = 0;

  const readOne = async (candidate: T): Promise<SourceReadOutcome<T>> => {
    signal?.throwIfAborted();
    let outcome: SourceReadOutcome<T>;
    if (succeeded >= enough) outcome = { candidate, status: 'skipped' };
    else {
      try {
        const source = await reader.read(candidate.url, signal);
        succeeded += 1;
        outcome = { candidate, status: 'read', source: { ...source, id: 0 } };
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const reason = error instanceof SourceReadError ? error.reason : 'network_error';
        const message = error instanceof Error ? error.message : String(error);
        outcome = { candidate, status: 'failed', reason, message };
      }
    }
    done += 1;
    await options.onProgress?.(done, candidates.length, succeeded);
    return outcome;
  };

  const outcomes = await Promise.all(candidates.map((candidate) => limit(() => readOne(candidate))));
  const sources = outcomes.flatMap((outcome) => (outcome.status === 'read' ? [outcome.source] : []));
  sources.forEach((source, index) => {
    source.id = index + 1;
  });
  const failures: Partial<Record<SourceReadFailure, number>> = {};
  for (const outcome of outcomes) {
    if (outcome.status === 'failed') failures[outcome.reason] = (failures[outcome.reason] ?? 0) + 1;
  }
  return { outcomes, sources, failures };
}
