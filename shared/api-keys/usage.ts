/**
 * API-key usage statistics (PRD §4.2.10 `last_used_at`, `last_used_ip`, `total_requests`) without
 * a write per request. The rate limiter already writes one counter per request and window; the
 * statistics ride on it:
 *
 * - `last_used_at`/`last_used_ip` are written by the first request of each minute window of the
 *   key (the one whose minute counter came back as 1), so at most once a minute per key, with a
 *   condition that never moves `last_used_at` backwards.
 * - `total_requests` is the sum of the key's day counters: the first request of each new UTC day
 *   folds the completed days into the stored `total_requests` (deleting each day counter in the
 *   same transaction, conditional on its count, so no day is ever added twice), and readers add
 *   the days not folded yet (`withRequestTotals`).
 *
 * The writes run while the route handler works and are awaited before the response is returned
 * (see `shared/http/middleware/rate-limit.ts`): never fire-and-forget, because Lambda freezes the
 * container once the handler returns and an unfinished write would run, or time out, during a
 * later invocation, or be lost with the container.
 */
import type { ApiKeyPrincipal } from '../auth/request-identity.ts';
import type { ApiKeyItem } from '../data/entities/api-keys.ts';
import { service } from '../data/service.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { logger } from '../log.ts';
import type { CountedWindow } from '../rate-limit/counters.ts';
import { apiKeyCounterKey } from '../rate-limit/limits.ts';

async function markUsed(principal: ApiKeyPrincipal, sourceIp: string, nowMs: number): Promise<void> {
  const now = new Date(nowMs).toISOString();
  try {
    await service()
      .entities.apiKey.patch({ agency_id: principal.agency_id, id: principal.key_id })
      .set({ last_used_at: now, last_used_ip: sourceIp })
      .where(
        ({ last_used_at }, { notExists, lt }) => `${notExists(last_used_at)} OR ${lt(last_used_at, now)}`,
      )
      .go({ response: 'none' });
  } catch (error) {
    // A later request of another container got there first: its time is the newer one.
    if (!isConditionalCheckFailure(error)) throw error;
  }
}

async function dayCounters(keyId: string) {
  const { data } = await service()
    .entities.rateLimitWindow.query.byWindow({ key: apiKeyCounterKey(keyId, 'day') })
    .go({ pages: 'all' });
  return data;
}

/** Adds every completed day counter of the key to its `total_requests`, once each. */
async function foldCompletedDays(principal: ApiKeyPrincipal, todayStart: number): Promise<void> {
  const completed = (await dayCounters(principal.key_id)).filter((day) => day.window_start < todayStart);
  for (const day of completed) {
    const outcome = await service()
      .transaction.write(({ rateLimitWindow, apiKey }) => [
        rateLimitWindow
          .delete({ key: day.key, window_start: day.window_start })
          .where(({ count }, { eq }) => eq(count, day.count))
          .commit(),
        apiKey
          .patch({ agency_id: principal.agency_id, id: principal.key_id })
          .add({ total_requests: day.count })
          .commit(),
      ])
      .go();
    if (outcome.canceled)
      logger.warn('api key usage fold skipped', { keyId: principal.key_id, day: day.window_start });
  }
}

/**
 * Updates the key's statistics from the counters of one request (as returned by the rate
 * limiter). Never rejects: statistics must not fail the request they describe.
 */
export async function recordApiKeyUse(
  principal: ApiKeyPrincipal,
  counted: readonly CountedWindow[],
  sourceIp: string,
  nowMs = Date.now(),
): Promise<void> {
  const first = (window: 'minute' | 'day') =>
    counted.find(
      (counter) => counter.key === apiKeyCounterKey(principal.key_id, window) && counter.count === 1,
    );
  const minute = first('minute');
  const day = first('day');
  const results = await Promise.allSettled([
    minute ? markUsed(principal, sourceIp, nowMs) : undefined,
    day ? foldCompletedDays(principal, day.windowStart) : undefined,
  ]);
  for (const result of results) {
    if (result.status === 'rejected')
      logger.error('api key usage update failed', { error: result.reason as Error, keyId: principal.key_id });
  }
}

/**
 * `total_requests` of each key as callers see it: the stored total plus the day counters not yet
 * folded into it (today's, and the last day of use of a key not used since).
 */
export async function withRequestTotals(keys: readonly ApiKeyItem[]): Promise<Map<string, number>> {
  const totals = await Promise.all(
    keys.map(async (key) => {
      const unfolded = (await dayCounters(key.id)).reduce((sum, day) => sum + day.count, 0);
      return [key.id, key.total_requests + unfolded] as const;
    }),
  );
  return new Map(totals);
}
