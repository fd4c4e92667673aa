/**
 * Every rate limit (PRD §16) in one table, and which of them a request counts against. Limits are
 * fixed windows counted in DynamoDB (`counters.ts`); each rule that applies is one counter.
 *
 * - `auth` (sign-in, tokens, password reset): per IP, 20 a minute and 100 an hour, whoever calls.
 * - `standard`: 100 a minute per user; an API key's own per-minute and per-day limits; 60 a minute
 *   per IP for requests without valid credentials.
 * - `generate` (spends credits): 10 a minute per user, per IP without credentials, and per API
 *   key on top of the key's own limits.
 * - `none` (health, the API description): not limited.
 *
 * `auth` counts per IP even for signed-in callers: it slows password guessing and credential
 * stuffing, which come from addresses rather than accounts (the PRD §5.2.3 lockout covers one
 * account guessed from many addresses). Requests whose credentials failed count per IP, so floods
 * of bad tokens or keys are limited too. Class limits are multiplied by `RATE_LIMIT_MULTIPLIER`;
 * an API key's own limits are the agency's choice and never scaled.
 */
import type { RateLimitClass } from '../api/route-types.ts';
import type { Principal } from '../auth/request-identity.ts';
import { env } from '../config/env.ts';
import { ipSubject } from './ip-subject.ts';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One counter: at most `limit` requests per `windowSeconds`. */
export interface RateLimitRule {
  /** Names the counter within its subject; part of the counter's key. */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
  /**
   * How long the counter outlives its window (default: a minute). API-key day counters are kept
   * until their requests are added to the key's `total_requests` (`shared/api-keys/usage.ts`).
   */
  readonly keepSeconds?: number;
}

/** A rule applied to one subject (`ip:203.0.113.7`, `user:<id>`, `api_key:<id>`). */
export interface AppliedRule {
  /** The counter item's key: `<subject>:<rule name>`. */
  readonly key: string;
  readonly rule: RateLimitRule;
}

type LimitedClass = Exclude<RateLimitClass, 'none'>;

/** Who a class's rules count. */
interface ClassLimits {
  perIp: readonly RateLimitRule[];
  perUser: readonly RateLimitRule[];
  perApiKey: readonly RateLimitRule[];
}

/** Class limits before `RATE_LIMIT_MULTIPLIER`. */
const CLASS_LIMITS: Readonly<Record<LimitedClass, ClassLimits>> = {
  auth: {
    perIp: [
      { name: 'auth', limit: 20, windowSeconds: MINUTE },
      { name: 'auth-hourly', limit: 100, windowSeconds: HOUR },
    ],
    perUser: [],
    perApiKey: [],
  },
  standard: {
    perIp: [{ name: 'standard', limit: 60, windowSeconds: MINUTE }],
    perUser: [{ name: 'standard', limit: 100, windowSeconds: MINUTE }],
    // An API key's own per-minute and per-day limits (`rulesFor`) are its standard limits.
    perApiKey: [],
  },
  generate: {
    perIp: [{ name: 'generate', limit: 10, windowSeconds: MINUTE }],
    perUser: [{ name: 'generate', limit: 10, windowSeconds: MINUTE }],
    perApiKey: [{ name: 'generate', limit: 10, windowSeconds: MINUTE }],
  },
};

/**
 * Day counters of API keys are also the key's request history until folded into
 * `total_requests`; a key unused for longer than this loses its last day's count from the total.
 */
const API_KEY_DAY_KEEP_SECONDS = 400 * DAY;

/** The counter key of an API key's own per-minute or per-day limit. */
export function apiKeyCounterKey(keyId: string, window: 'minute' | 'day'): string {
  return `api_key:${keyId}:${window}`;
}

function scaled(rules: readonly RateLimitRule[], subject: string): AppliedRule[] {
  const multiplier = env().RATE_LIMIT_MULTIPLIER;
  return rules.map((rule) => ({
    key: `${subject}:${rule.name}`,
    rule: { ...rule, limit: Math.max(1, Math.floor(rule.limit * multiplier)) },
  }));
}

/**
 * The counters a request of class `rateLimit` increments: by the caller's IP, user or API key.
 * `principal` is null when the request carried no valid credentials.
 */
export function rulesFor(
  rateLimit: RateLimitClass,
  principal: Principal | null,
  sourceIp: string,
): AppliedRule[] {
  if (rateLimit === 'none') return [];
  const limits = CLASS_LIMITS[rateLimit];
  const ip = `ip:${ipSubject(sourceIp)}`;
  if (rateLimit === 'auth' || !principal) return scaled(limits.perIp, ip);
  if (principal.kind === 'user') return scaled(limits.perUser, `user:${principal.sub}`);
  return [
    {
      key: apiKeyCounterKey(principal.key_id, 'minute'),
      rule: { name: 'minute', limit: principal.rate_limit_per_minute, windowSeconds: MINUTE },
    },
    {
      key: apiKeyCounterKey(principal.key_id, 'day'),
      rule: {
        name: 'day',
        limit: principal.rate_limit_per_day,
        windowSeconds: DAY,
        keepSeconds: API_KEY_DAY_KEEP_SECONDS,
      },
    },
    ...scaled(limits.perApiKey, `api_key:${principal.key_id}`),
  ];
}
