/**
 * How model failures reach the pipeline: as a {@link GenerationError} with the PRD §15 code —
 * GEN_005 "AI service error" for anything the service did (bad or revoked key, billing, rate
 * limits and outages that outlasted the retries, refused requests), GEN_006 "unusable content"
 * for answers that cannot be used (invalid after the repair attempt, truncated, refused by the
 * model). The message says which, for the document's `generation_error_message` and the logs,
 * without ever containing the key.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import { GenerationError } from '../generation/job-lifecycle.ts';
import type { ModelUsage } from './model-gateway.ts';
import { RequestFailedError } from './retries.ts';

/**
 * A failed gateway call. `usage` lists what the requests that did succeed consumed (e.g. the
 * first answer before a failed repair), so a caller can still charge it.
 */
export class ModelGatewayError extends GenerationError {
  constructor(
    code: 'GEN_005' | 'GEN_006',
    message: string,
    readonly usage: readonly ModelUsage[] = [],
    cause?: unknown,
  ) {
    super(code, message);
    if (cause !== undefined) this.cause = cause;
  }
}

function statusSentence(error: APIError): string {
  const detail = [error.status, error.type].filter(Boolean).join(' ');
  const said = error.apiMessage ? `: ${error.apiMessage}` : '';
  switch (error.status) {
    case 401:
      return `Anthropic rejected the API key (${detail}); check the Anthropic key configured for this agency`;
    case 402:
      return `Anthropic reported a billing problem for this key (${detail})${said}`;
    case 403:
      return `The Anthropic API key is not allowed to do this (${detail})${said}`;
    case 429:
      return `Anthropic's rate limit was reached (${detail})${said}`;
    case 529:
      return `Anthropic is overloaded (${detail})`;
    default:
      return (error.status ?? 0) >= 500
        ? `Anthropic had a service error (${detail})`
        : `Anthropic refused the request (${detail})${said}`;
  }
}

/** Why the last attempt failed, in words. */
function describeCause(error: unknown): string {
  if (error instanceof APIConnectionTimeoutError) return 'Anthropic did not answer in time';
  if (error instanceof APIConnectionError) return 'Anthropic could not be reached';
  if (error instanceof APIError) {
    const requestId = error.requestID ? ` [request ${error.requestID}]` : '';
    return `${statusSentence(error)}${requestId}`;
  }
  return error instanceof Error ? error.message : String(error);
}

const GIVE_UP: Record<RequestFailedError['reason'], (attempts: number) => string> = {
  not_retryable: () => '',
  attempts_exhausted: (attempts) => `; gave up after ${attempts} attempts`,
  retry_after_too_long: (attempts) => `; it asked to wait longer than allowed (after ${attempts} attempt(s))`,
  deadline: (attempts) => `; the time allowed for the call ran out after ${attempts} attempt(s)`,
};

/**
 * What a gateway call throws for `error`: GEN_005 for a request that failed for good; anything
 * else (already a GEN error, or a bug such as a schema JSON Schema cannot express) unchanged.
 */
export function gatewayFailure(error: unknown, usage: readonly ModelUsage[]): unknown {
  if (!(error instanceof RequestFailedError)) return error;
  return new ModelGatewayError(
    'GEN_005',
    `${describeCause(error.lastError)}${GIVE_UP[error.reason](error.attempts)}`,
    usage,
    error.lastError,
  );
}
