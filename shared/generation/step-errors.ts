/**
 * The two kinds of failure a pipeline step reports to Step Functions, told apart by the error
 * name (`errorType`) the state machine's `Retry`/`Catch` match on:
 *
 * - `ModelUnavailable`: the model service stayed unreachable, overloaded or rate-limited after the
 *   gateway's own bounded retries. Transient; the state machine retries the whole step with
 *   backoff a bounded number of times, then records GEN_005.
 * - `GEN_00x` ({@link GenerationError}): terminal; recorded as is.
 *
 * Anything else (a bug, an AWS SDK error) keeps its own name and ends as GEN_001, except the
 * throttling names the state machine retries.
 */
import { APIConnectionError, APIError } from '@anthropic-ai/sdk';
import { GenerationError, MODEL_UNAVAILABLE } from './job-lifecycle.ts';

/** The model service could not answer now; worth retrying the step later. */
export class ModelUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = MODEL_UNAVAILABLE;
  }
}

/** HTTP statuses that mean "try again later" (EXTERNAL-APIS.md B4: what the SDK itself retries). */
function retryableStatus(status: number | undefined): boolean {
  return status === 408 || status === 409 || status === 429 || (status !== undefined && status >= 500);
}

function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && !seen.has(current); ) {
    seen.add(current);
    yield current;
    current = current instanceof Error ? current.cause : undefined;
  }
}

/** The first transient model failure in the cause chain: a connection failure or a retryable status. */
function transientCause(error: unknown): Error | undefined {
  for (const cause of causes(error)) {
    if (cause instanceof Error && cause.name === MODEL_UNAVAILABLE) return cause;
    if (cause instanceof APIConnectionError || (cause instanceof APIError && retryableStatus(cause.status))) {
      return cause;
    }
  }
  return undefined;
}

/**
 * What a step throws for `error` raised while it ran. A model failure that is transient anywhere
 * in its cause chain (the gateway's GEN_005 after its own retries wraps the last API error)
 * becomes `ModelUnavailable`, keeping the outermost message; other GEN codes pass through; any
 * other Anthropic error (bad key, bad request, billing) is GEN_005; everything else is unchanged.
 */
export function classifyModelError(error: unknown): unknown {
  if (error instanceof ModelUnavailableError) return error;
  if (transientCause(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new ModelUnavailableError(message, { cause: error });
  }
  if (error instanceof GenerationError) return error;
  if (error instanceof APIError) {
    return new GenerationError('GEN_005', `The AI service refused the request: ${error.message}`);
  }
  return error;
}
