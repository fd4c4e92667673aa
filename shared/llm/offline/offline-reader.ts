/**
 * Deep reads for offline runs: the text of the fictitious sources the offline search found
 * (`offline-world.ts`). Any other URL is refused the way the web reader refuses what it may not
 * fetch, so an offline run never reaches the network.
 */
import type { RunBrief } from '../../generation/run-context.ts';
import { SourceReadError, type SourceReader } from '../../research/source-reader.ts';
import { offlineSource } from './offline-world.ts';

/** A {@link SourceReader} over the offline world of `brief`. */
export function createOfflineSourceReader(brief: Pick<RunBrief, 'topic' | 'industry'>): SourceReader {
  return {
    async read(url) {
      const source = offlineSource(brief, url);
      if (!source) {
        throw new SourceReadError(
          'blocked_address',
          `The offline reader only reads its own example sources, not ${url}`,
        );
      }
      return {
        requested_url: url,
        url,
        title: source.title,
        text: source.text,
        published_at: source.published_at,
        fetched_at: new Date().toISOString(),
      };
    },
  };
}
