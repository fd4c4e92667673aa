/**
 * Delivers one webhook POST to a URL an agency configured: through the research fetcher's SSRF
 * guard (the URL is the agency's input, so it must not reach our private network or the cloud
 * metadata endpoint; the socket is pinned to the checked address), without following redirects,
 * with a timeout per attempt, and retried with exponential backoff and full jitter on network
 * errors, timeouts, 408, 425, 429 and 5xx (a `Retry-After` is honoured up to the cap). Any other
 * answer is final. Attempts and waits are bounded, so a dead receiver costs a known, short time.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  createSsrfGuard,
  fetchAllowlistFromEnv,
  pinnedLookup,
  type SsrfGuard,
} from '../research/ssrf-guard.ts';

export interface DeliveryPolicy {
  /** Attempts, the first included. */
  maxAttempts: number;
  /** Longest one attempt may take. */
  timeoutMs: number;
  /** First backoff ceiling; doubles per retry (the wait is random below it). */
  baseDelayMs: number;
  /** Longest single wait, `Retry-After` included. */
  maxDelayMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 4,
  timeoutMs: 10_000,
  baseDelayMs: 1_000,
  maxDelayMs: 15_000,
};

/** How a delivery ended. */
export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  /** Last HTTP status received, if any. */
  status: number | null;
  /** Why it failed, when it did. */
  error?: string;
}

export interface DeliveryOptions {
  policy?: Partial<DeliveryPolicy>;
  /** SSRF guard; the default refuses every non-public address but `RESEARCH_FETCH_ALLOWLIST`'s (tests). */
  guard?: SsrfGuard;
  /** Waits between attempts (tests may make it instant). */
  sleep?: (ms: number) => Promise<void>;
}

const RETRYABLE_STATUSES = new Set([408, 425, 429]);

interface Attempt {
  status: number | null;
  retryAfterMs?: number;
  error?: string;
  retryable: boolean;
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** One POST; never throws (the outcome says whether to retry). */
async function attempt(
  url: URL,
  body: string,
  headers: Record<string, string>,
  guard: SsrfGuard,
  timeoutMs: number,
): Promise<Attempt> {
  let pinned: Awaited<ReturnType<SsrfGuard['check']>>;
  try {
    pinned = await guard.check(url);
  } catch (error) {
    return { status: null, error: (error as Error).message, retryable: false };
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Attempt>((resolve) => {
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
        lookup: pinnedLookup(pinned),
        timeout: timeoutMs,
        servername: pinned.hostname,
      },
      (incoming) => {
        // The receiver's answer body is not ours to keep; drain it so the socket is released.
        incoming.resume();
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 0;
          resolve({
            status,
            retryAfterMs: retryAfterMs(incoming.headers['retry-after']),
            retryable: RETRYABLE_STATUSES.has(status) || status >= 500,
            ...(status >= 200 && status < 300 ? {} : { error: `HTTP ${status}` }),
          });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`No answer within ${timeoutMs} ms`)));
    outgoing.on('error', (error) => resolve({ status: null, error: error.message, retryable: true }));
    outgoing.end(body);
  });
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** POSTs `body` (JSON) with `headers` to `url`, retrying transient failures within the policy. */
export async function deliverWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy };
  // The allowlist is the tests' own (loopback receivers); it is refused inside Lambda.
  const guard = options.guard ?? createSsrfGuard({ allowedHosts: fetchAllowlistFromEnv() });
  const sleep = options.sleep ?? sleepFor;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { delivered: false, attempts: 0, status: null, error: 'Invalid webhook URL' };
  }
  let last: Attempt = { status: null, retryable: false };
  for (let number = 1; number <= policy.maxAttempts; number += 1) {
    last = await attempt(target, body, headers, guard, policy.timeoutMs);
    if (last.status !== null && last.status >= 200 && last.status < 300) {
      return { delivered: true, attempts: number, status: last.status };
    }
    if (!last.retryable || number === policy.maxAttempts) {
      return { delivered: false, attempts: number, status: last.status, error: last.error };
    }
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (number - 1));
    await sleep(Math.min(policy.maxDelayMs, last.retryAfterMs ?? Math.random() * ceiling));
  }
  return { delivered: false, attempts: policy.maxAttempts, status: last.status, error: last.error };
}
