/**
 * Deep reads of research sources: the readable text behind a URL. The web reader
 * (`web-source-reader.ts`) fetches through the SSRF guard and extracts the article text; the
 * offline model supplies its own reader for its fictitious sources.
 */

/** A source that was actually retrieved. */
export interface ReadSource {
  /** The URL asked for. */
  requested_url: string;
  /** The URL the text came from, after redirects. */
  url: string;
  title: string;
  /** Readable text (article body, whitespace collapsed), capped in length. */
  text: string;
  /** ISO date the page says it was published, when it says so. */
  published_at: string | null;
  /** ISO timestamp of the read. */
  fetched_at: string;
}

/** Why a source could not be read; the research step counts these and moves on. */
export type SourceReadFailure =
  | 'blocked_address'
  | 'too_many_redirects'
  | 'timeout'
  | 'too_large'
  | 'http_error'
  | 'unsupported_content'
  | 'no_readable_text'
  | 'network_error';

/** Thrown by {@link SourceReader.read}. */
export class SourceReadError extends Error {
  constructor(
    readonly reason: SourceReadFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SourceReadError';
  }
}

/** Reads one source. */
export interface SourceReader {
  read(url: string, signal?: AbortSignal): Promise<ReadSource>;
}
