/**
 * Fixed-window counters in DynamoDB (DECISIONS.md: DynamoDB items with TTL instead of Redis). Each
 * request adds 1 to the current window of every rule that applies, with one atomic `ADD` per
 * counter that also creates the window and sets its TTL, and reads the new count back from the
 * same update (`ReturnValues: UPDATED_NEW`): no read-then-write, so parallel requests in any
 * number of Lambda containers can never both take the last slot. The counters of one request are
 * written in parallel, so several rules cost one round trip.
 *
 * Requests over the limit are counted too: a caller hammering while limited stays limited.
 */
import { service } from '../data/service.ts';
import type { AppliedRule } from './limits.ts';
import { fixedWindow, remainingRequests, retryAfterSeconds } from './window.ts';

/** How long an ordinary counter outlives its window, so its TTL never cuts a live window short. */
const DEFAULT_KEEP_SECONDS = 60;

/** A counter after this request was added to it. */
export interface CountedWindow extends AppliedRule {
  count: number;
  windowStart: number;
  resetAt: number;
}

/** Adds this request to every counter of `rules` and returns the new counts. */
export async function countRequest(
  rules: readonly AppliedRule[],
  nowMs = Date.now(),
): Promise<CountedWindow[]> {
  const windows = service().entities.rateLimitWindow;
  return Promise.all(
    rules.map(async (applied) => {
      const { start, resetAt } = fixedWindow(nowMs, applied.rule.windowSeconds);
      const { data } = await windows
        .update({ key: applied.key, window_start: start })
        .add({ count: 1 })
        .set({ ttl: resetAt + (applied.rule.keepSeconds ?? DEFAULT_KEEP_SECONDS) })
        .go({ response: 'updated_new' });
      // UPDATED_NEW always carries the attribute the update added to.
      if (data.count === undefined) throw new Error(`counter ${applied.key} returned no count`);
      return { ...applied, count: data.count, windowStart: start, resetAt };
    }),
  );
}

/** What the counts mean for the request. */
export interface RateLimitDecision {
  limited: boolean;
  /** `X-RateLimit-Limit/-Remaining/-Reset` of the tightest counter, and `Retry-After` when limited. */
  headers: Record<string, string>;
  /** Seconds until the request would be allowed again (when limited). */
  retryAfter?: number;
}

/**
 * Decides from the counts: limited when any counter is over its limit, retry once every exceeded
 * window has ended. The headers describe one counter, the one the caller should watch: while
 * allowed, the one with the fewest requests left (the shorter window on a tie); when limited, the
 * exceeded one that ends last.
 */
export function decide(counted: readonly CountedWindow[], nowMs = Date.now()): RateLimitDecision {
  const left = (window: CountedWindow) => window.rule.limit - window.count;
  const exceeded = counted.filter((window) => left(window) < 0);
  const [binding] =
    exceeded.length > 0
      ? [...exceeded].sort((a, b) => b.resetAt - a.resetAt)
      : [...counted].sort((a, b) => left(a) - left(b) || a.resetAt - b.resetAt);
  if (!binding) return { limited: false, headers: {} };
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(binding.rule.limit),
    'X-RateLimit-Remaining': String(remainingRequests(binding.rule.limit, binding.count)),
    'X-RateLimit-Reset': String(binding.resetAt),
  };
  if (exceeded.length === 0) return { limited: false, headers };
  const retryAfter = retryAfterSeconds(binding.resetAt, nowMs);
  return { limited: true, retryAfter, headers: { ...headers, 'Retry-After': String(retryAfter) } };
}
