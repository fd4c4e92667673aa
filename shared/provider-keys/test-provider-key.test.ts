/**
 * "Test key" against loopback fakes of both providers (offline): the probe each provider gets on
 * the wire, the configurable Freepik key header, and the verdicts for answers the API route test
 * does not reach (an unreachable provider).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countTokensReply,
  type FakeAnthropic,
  startFakeAnthropic,
} from '../../tests/support/fake-anthropic.ts';
import { type FakeProviders, startFakeProviders } from '../../tests/support/fake-providers.ts';
import { type Env, env } from '../config/env.ts';
import { testProviderKey } from './test-provider-key.ts';

const ANTHROPIC_KEY = 'sk-ant-api03-unit-test-key-0001';
const FREEPIK_KEY = 'fpk_unit_test_key_0001';

let anthropic: FakeAnthropic;
let freepik: FakeProviders & { freepikUrl: string };
let settings: Env;

beforeAll(async () => {
  anthropic = await startFakeAnthropic({ apiKeys: [ANTHROPIC_KEY], respond: () => countTokensReply(8) });
  freepik = await startFakeProviders([FREEPIK_KEY]);
  settings = {
    ...env(),
    ANTHROPIC_BASE_URL: anthropic.url,
    FREEPIK_BASE_URL: freepik.freepikUrl,
    PROVIDER_KEY_TEST_TIMEOUT_MS: 2_000,
  };
});
afterAll(async () => {
  await anthropic?.close();
  await freepik?.close();
});

describe('testProviderKey', () => {
  it('asks Anthropic to count tokens: the free call a fake with the real checks accepts', async () => {
    expect(await testProviderKey('anthropic', ANTHROPIC_KEY, settings)).toMatchObject({
      provider: 'anthropic',
      valid: true,
      status: 'valid',
    });
    const [request] = anthropic.requests.slice(-1);
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/messages/count_tokens',
      apiKey: ANTHROPIC_KEY,
    });
    expect(request?.body).not.toHaveProperty('max_tokens');
    expect(request?.prompt).not.toBe('');
  });

  it('sends the Freepik key in the configured header (the rebranded one too)', async () => {
    for (const header of ['x-freepik-api-key', 'x-magnific-api-key']) {
      const before = freepik.requests.length;
      const verdict = await testProviderKey('freepik', FREEPIK_KEY, {
        ...settings,
        FREEPIK_AUTH_HEADER: header,
      });
      expect(verdict, header).toMatchObject({ valid: true, status: 'valid' });
      const [request] = freepik.requests.slice(before);
      expect(request?.path).toBe('/v1/resources');
      expect(request?.headers[header]).toBe(FREEPIK_KEY);
    }
  });

  it('answers unavailable, not invalid, when the provider cannot be reached', async () => {
    const closed = await startFakeAnthropic();
    await closed.close();
    expect(
      await testProviderKey('anthropic', ANTHROPIC_KEY, { ...settings, ANTHROPIC_BASE_URL: closed.url }),
    ).toMatchObject({
      valid: false,
      status: 'unavailable',
      message: expect.stringContaining('not reachable'),
    });
  });
});
