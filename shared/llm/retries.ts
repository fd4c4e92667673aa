/**
 * Retries of Anthropic requests, bounded in attempts AND in time. The SDK's own retries are off
 * (`maxRetries: 0`): they honour any `retry-after`, however long (EXTERNAL-APIS.md B4: no cap in
 * 1.x), and know nothing of a Lambda's deadline. Here a request is retried on what the SDK would
 * retry (connection errors, timeouts, 408/409/429/5xx/529, or `x-should-retry: true`), waiting
 * what the API asks (`retry-after-ms`, `retry-after` seconds or date) or else exponential backoff
 * with jitter; it gives up when attempts run out, when the API asks for a wait longer than
 * `maxDelayMs`, or when the wait would pass the call's deadline. Each attempt's timeout is cut to
 * the time left, so a call never outlives its budget.
 */
import { APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { type Env, env } from '../config/env.ts';
import { logger } from '../log.ts';

export interface RetryPolicy {
  /** HTTP attempts per request, the first included. */
  maxAttempts: number;
  /** Longest one attempt may take. */
  requestTimeoutMs: number;
  /** Longest one gateway call may take, all its requests and waits included. */
  callBudgetMs: number;
  /** First backoff delay when the API names none; doubles per retry. */
  baseDelayMs: number;
  /** The longest wait accepted; a longer `retry-after` ends the call. */
  maxDelayMs: number;
}

/** The policy configured by the `ANTHROPIC_*` variables of `shared/config/env.ts`. */
export function retryPolicy(settings: Env = env()): RetryPolicy {
  return {
    maxAttempts: settings.ANTHROPIC_MAX_ATTEMPTS,
    requestTimeoutMs: settings.ANTHROPIC_REQUEST_TIMEOUT_MS,
    callBudgetMs: settings.ANTHROPIC_CALL_BUDGET_MS,
    baseDelayMs: settings.ANTHROPIC_RETRY_BASE_DELAY_MS,
    maxDelayMs: settings.ANTHROPIC_RETRY_MAX_DELAY_MS,
  };
}

/** Why a request failed for good. */
export type GiveUpReason = 'not_retryable' | 'attempts_exhausted' | 'retry_after_too_long' | 'deadline';

/** A request that failed for good: the last error, how many attempts were made, and why it stopped. */
export class RequestFailedError extends Error {
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
    readonly reason: GiveUpReason,
  ) {
    super(`Anthropic request failed after ${attempts} attempt(s) (${reason}): ${String(lastError)}`, {
      cause: lastError,
    });
    this.name = 'RequestFailedError';
  }
}

/** Whether the SDK's retry rules (B4) call `error` transient. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof APIUserAbortError) return false;
  if (error instanceof APIConnectionError) return true;
  if (!(error instanceof APIError)) return false;
  const override = error.headers?.get('x-should-retry');
  if (override === 'true') return true;
  if (override === 'false') return false;
  const status = error.status ?? 0;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The wait the API asked for, in ms, or undefined when it named none. */
export function serverRetryDelayMs(error: unknown): number | undefined {
  if (!(error instanceof APIError)) return undefined;
  const milliseconds = Number.parseFloat(error.headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const header = error.headers?.get('retry-after');
  if (!header) return undefined;
  const seconds = Number.parseFloat(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** `base × 2^(retry−1)` minus up to 25% jitter (so parallel steps do not retry in lockstep), capped. */
function backoffMs(retry: number, policy: RetryPolicy): number {
  const exponential = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
  return exponential * (1 - Math.random() * 0.25);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `send` (given the timeout of its attempt) until it succeeds or the policy gives up before
 * `deadline` (epoch ms); then throws {@link RequestFailedError}.
 */
export async function withRetries<T>(
  send: (timeoutMs: number) => Promise<T>,
  policy: RetryPolicy,
  deadline: number,
): Promise<T> {
  let lastError: unknown = new Error('no time left for a request');
  for (let attempt = 1; ; attempt += 1) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new RequestFailedError(lastError, attempt - 1, 'deadline');
    try {
      return await send(Math.min(policy.requestTimeoutMs, remaining));
    } catch (error) {
      lastError = error;
      if (!isRetryable(error)) throw new RequestFailedError(error, attempt, 'not_retryable');
      if (attempt >= policy.maxAttempts) throw new RequestFailedError(error, attempt, 'attempts_exhausted');
      const asked = serverRetryDelayMs(error);
      if (asked !== undefined && asked > policy.maxDelayMs)
        throw new RequestFailedError(error, attempt, 'retry_after_too_long');
      const delay = asked ?? backoffMs(attempt, policy);
      if (Date.now() + delay >= deadline) throw new RequestFailedError(error, attempt, 'deadline');
      logger.warn('Anthropic request failed; retrying', {
        attempt,
        delayMs: Math.round(delay),
        status: error instanceof APIError ? error.status : undefined,
        requestId: error instanceof APIError ? error.requestID : undefined,
        reason: error instanceof Error ? error.message : String(error),
      });
      await sleep(delay);
    }
  }
}
