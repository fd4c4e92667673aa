/**
 * Fixed-window arithmetic for the rate limiter. Windows are aligned to the epoch (a minute window
 * starts on the minute, a day window at 00:00 UTC), so every Lambda container computes the same
 * window for the same instant and they all count into one item. All times are epoch seconds
 * except the `nowMs` inputs.
 */

/** One window: `[start, resetAt)`. */
export interface FixedWindow {
  start: number;
  /** When the next window starts and the count begins again. */
  resetAt: number;
}

/** The window of length `windowSeconds` that contains `nowMs`. */
export function fixedWindow(nowMs: number, windowSeconds: number): FixedWindow {
  const start = Math.floor(nowMs / 1000 / windowSeconds) * windowSeconds;
  return { start, resetAt: start + windowSeconds };
}

/**
 * `Retry-After` for a window ending at `resetAt`: whole seconds, rounded up so a client that waits
 * that long lands in the next window, and at least 1.
 */
export function retryAfterSeconds(resetAt: number, nowMs: number): number {
  return Math.max(1, Math.ceil(resetAt - nowMs / 1000));
}

/** Requests left in a window after `count` of them, never negative. */
export function remainingRequests(limit: number, count: number): number {
  return Math.max(0, limit - count);
}
