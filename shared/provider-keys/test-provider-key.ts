/**
 * "Test key" (PRD §6.7 `POST /api/v1/agency/api-keys/test`): one cheap authenticated request to
 * the provider, with the wire format of EXTERNAL-APIS.md, through the configured base URL.
 *
 * - Anthropic: `POST /v1/messages/count_tokens` (free, needs a valid key) with `x-api-key` and
 *   `anthropic-version`.
 * - Freepik: `GET /v1/resources?term=…&limit=1` with the `x-freepik-api-key` header (name
 *   configurable, EXTERNAL-APIS.md D1).
 *
 * 2xx → valid; 401/403 → invalid; anything else (429, 5xx, 529, timeouts, connection errors) →
 * unavailable, because it says nothing about the key.
 */

import { type Env, env } from '../config/env.ts';
import { logger } from '../log.ts';
import { PROVIDER_NAMES, type Provider } from './providers.ts';

/** The API version this product speaks (ARCHITECTURE.md §5, EXTERNAL-APIS.md A2). */
export const ANTHROPIC_API_VERSION = '2026-10-21';
/** The smallest current model; counting tokens is free, so the model only has to exist. */
const ANTHROPIC_TEST_MODEL = 'claude-haiku-5-5';

export type KeyTestStatus = 'valid' | 'invalid' | 'unavailable';

export interface KeyTestResult {
  provider: Provider;
  /** PRD field: true only when the provider accepted the key. */
  valid: boolean;
  /** `unavailable`: the provider could not say (outage, rate limit, timeout); try again later. */
  status: KeyTestStatus;
  message: string;
}

function joinUrl(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}

function probe(provider: Provider, key: string, settings: Env): { url: URL; init: RequestInit } {
  if (provider === 'anthropic') {
    return {
      url: joinUrl(settings.ANTHROPIC_BASE_URL, 'v1/messages/count_tokens'),
      init: {
        method: 'POST',
        headers: {
          'x-api-key': key,
          'anthropic-version': ANTHROPIC_API_VERSION,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          model: ANTHROPIC_TEST_MODEL,
          messages: [{ role: 'user', content: 'ping' }],
        }),
      },
    };
  }
  const url = joinUrl(settings.FREEPIK_BASE_URL, 'v1/resources');
  url.searchParams.set('term', 'business');
  url.searchParams.set('limit', '1');
  return {
    url,
    init: {
      method: 'GET',
      headers: {
        [settings.FREEPIK_AUTH_HEADER]: key,
        accept: 'application/json',
        'accept-language': 'en-US',
      },
    },
  };
}

function verdict(provider: Provider, status: KeyTestStatus, detail?: string): KeyTestResult {
  const name = PROVIDER_NAMES[provider];
  const messages: Record<KeyTestStatus, string> = {
    valid: 'API key is valid and has sufficient permissions',
    invalid: `${name} rejected this API key`,
    unavailable: `${name} could not confirm the key right now${detail ? ` (${detail})` : ''}; please try again later`,
  };
  return { provider, valid: status === 'valid', status, message: messages[status] };
}

/** Asks `provider` whether `key` works. Never throws for provider trouble: that is a verdict. */
export async function testProviderKey(
  provider: Provider,
  key: string,
  settings: Env = env(),
): Promise<KeyTestResult> {
  const { url, init } = probe(provider, key, settings);
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      redirect: 'error',
      signal: AbortSignal.timeout(settings.PROVIDER_KEY_TEST_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    // The message only: a timeout's stack says nothing useful.
    logger.warn('provider key test failed to reach the provider', {
      provider,
      timedOut,
      reason: String(error),
    });
    return verdict(provider, 'unavailable', timedOut ? 'no answer in time' : 'not reachable');
  }
  // The body may be large or slow; only the status matters.
  await response.body?.cancel();
  if (response.ok) return verdict(provider, 'valid');
  if (response.status === 401 || response.status === 403) return verdict(provider, 'invalid');
  logger.warn('provider key test got an unexpected answer', { provider, status: response.status });
  return verdict(provider, 'unavailable', `status ${response.status}`);
}
