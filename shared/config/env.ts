/**
 * Runtime configuration from environment variables, validated once per process. CDK sets these
 * on every Lambda; the local runtime sets the same names (plus the SDK's own
 * `AWS_ENDPOINT_URL_<SERVICE>` variables that point the clients at the emulators).
 */
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

const EnvSchema = z.object({
  TABLE_NAME: z.string().min(1).default('content-strategist'),
  FILES_BUCKET: z.string().min(1).default('content-strategist-files'),
  ARTIFACTS_BUCKET: z.string().min(1).default('content-strategist-artifacts'),
  /** Where `/files/*` is served from (CloudFront in AWS, the local gateway locally). */
  FILES_BASE_URL: z.string().url().default('http://localhost:3000/files'),
  /** Agencies live at `{slug}.{PLATFORM_DOMAIN}`; the bare domain serves platform staff. */
  PLATFORM_DOMAIN: z.string().min(1).default('localhost'),
  EMAIL_FROM: z.string().email().default('no-reply@example.com'),
  /** S3 path-style addressing (needed for emulators and for bucket names with dots). */
  S3_FORCE_PATH_STYLE: booleanFlag,
  GENERATE_STATE_MACHINE_ARN: z.string().default(''),
  /** `wss://…/stage` URL a browser opens (the `websocket_url` of PRD §6.4). */
  WEBSOCKET_URL: z.string().default(''),
  /** `https://…/stage` endpoint of the API Gateway Management API (`@connections`). */
  WEBSOCKET_MANAGEMENT_URL: z.string().default(''),
  /** Name or ARN of the Secrets Manager secret holding the JWT HMAC key (CDK passes the ARN). */
  JWT_SECRET_ID: z.string().min(1).default('content-strategist/jwt-signing-key'),
  /** `iss` of every JWT. */
  JWT_ISSUER: z.string().min(1).default('content-strategist'),
  /** `aud` of every JWT: the API that accepts them. */
  JWT_AUDIENCE: z.string().min(1).default('content-strategist-api'),
  /** Name or ARN of the Secrets Manager secret holding the BYOK envelope master key. */
  BYOK_MASTER_KEY_SECRET_ID: z.string().min(1).default('content-strategist/byok-master-key'),
  /** Anthropic API origin, without `/v1` (the SDK's own variable name). */
  ANTHROPIC_BASE_URL: z.string().url().default('https://api.anthropic.com'),
  /** Secrets Manager secret with the platform's Anthropic key (`included` plans); absent = none. */
  ANTHROPIC_PLATFORM_KEY_SECRET_ID: z.string().min(1).default('content-strategist/anthropic-platform-key'),
  /** Model of the analysis and writing steps (`shared/llm/model-config.ts`). */
  ANTHROPIC_MODEL_STRONG: z.string().min(1).default('claude-sonnet-5-5'),
  /** Model of the keyword and extraction steps. */
  ANTHROPIC_MODEL_FAST: z.string().min(1).default('claude-haiku-5-5'),
  /** Per-step overrides, `step=model` pairs separated by commas (`content_writing=claude-opus-5-5`). */
  ANTHROPIC_MODEL_BY_STEP: z.string().default(''),
  /** HTTP attempts per model request (first try included) on 429/529/5xx/timeouts. */
  ANTHROPIC_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  /** Longest one HTTP attempt may take. */
  ANTHROPIC_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(300_000),
  /** Longest one gateway call may take, retries and repair included (keep it under the step's Lambda timeout). */
  ANTHROPIC_CALL_BUDGET_MS: z.coerce.number().int().positive().default(600_000),
  /** First backoff delay when the API names none; doubles per retry (with jitter). */
  ANTHROPIC_RETRY_BASE_DELAY_MS: z.coerce.number().int().nonnegative().default(1_000),
  /** A `retry-after` longer than this ends the call instead of waiting. */
  ANTHROPIC_RETRY_MAX_DELAY_MS: z.coerce.number().int().nonnegative().default(60_000),
  /** Freepik API origin, without `/v1` (EXTERNAL-APIS.md D1: the host may become Magnific's). */
  FREEPIK_BASE_URL: z.string().url().default('https://api.freepik.com'),
  /** Header carrying the Freepik key (`x-magnific-api-key` on the rebranded host). */
  FREEPIK_AUTH_HEADER: z.string().min(1).default('x-freepik-api-key'),
  /** How long a provider key test waits before calling the provider unavailable. */
  PROVIDER_KEY_TEST_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Comma-separated origins allowed by CORS; `*` only for development. */
  CORS_ALLOWED_ORIGINS: z.string().default(''),
  /**
   * Scales the per-class rate limits of `shared/rate-limit/limits.ts` (not an API key's own
   * limits), e.g. `10` for a load test or a test suite whose callers all share one loopback IP.
   */
  RATE_LIMIT_MULTIPLIER: z.coerce.number().positive().default(1),
  /**
   * TEST ONLY: comma-separated loopback `IP:port` endpoints (a fake web, a webhook receiver) the
   * research fetcher and webhook deliveries may reach despite their SSRF guard. Other entries are rejected, and any value is refused inside AWS
   * Lambda (`shared/research/ssrf-guard.ts`).
   */
  RESEARCH_FETCH_ALLOWLIST: z.string().default(''),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The validated configuration of this process (parsed on first use). */
export function env(): Env {
  cached ??= EnvSchema.parse(process.env);
  return cached;
}

/** Forget the cached configuration; for tests and the local runtime that set variables late. */
export function resetEnvCache(): void {
  cached = undefined;
}
