import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.ts';
import { decideGenerationAccess, type GenerationAccessFacts } from './generation-access.ts';

const facts = (overrides: {
  mode?: 'byok' | 'included';
  ownKey?: boolean;
  used?: number;
  included?: number;
  platformKey?: boolean;
  offline?: boolean;
  subscription?: GenerationAccessFacts['agency']['subscription_status'];
}): GenerationAccessFacts => ({
  agency: {
    subscription_status: overrides.subscription ?? 'active',
    anthropic_api_key_encrypted: overrides.ownKey ? 'v1.ciphertext' : undefined,
    api_usage_cents_current_period: overrides.used ?? 0,
  },
  plan: { api_key_mode: overrides.mode ?? 'byok', included_api_credits_cents: overrides.included ?? 0 },
  platformKeyConfigured: overrides.platformKey ?? false,
  offlineAllowed: overrides.offline ?? false,
});

function refusal(input: GenerationAccessFacts): string | undefined {
  try {
    decideGenerationAccess(input);
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? `${error.status} ${error.code}` : String(error);
  }
}

describe('decideGenerationAccess (offline, PRD §1.4)', () => {
  it('Pro (byok) runs on its own key', () => {
    expect(decideGenerationAccess(facts({ ownKey: true, platformKey: true }))).toBe('agency_key');
  });

  it('Pro without a key is told to add one, wherever a platform key or no offline mode exists', () => {
    expect(refusal(facts({ platformKey: true, offline: true }))).toBe('403 BIZ_005');
    expect(refusal(facts({ platformKey: false, offline: false }))).toBe('403 BIZ_005');
    try {
      decideGenerationAccess(facts({}));
    } catch (error) {
      expect((error as ApiError).message).toMatch(/own Anthropic API key.*Settings/);
    }
  });

  it('no Anthropic key anywhere and offline mode allowed: the offline model runs', () => {
    expect(decideGenerationAccess(facts({ offline: true }))).toBe('offline');
    expect(decideGenerationAccess(facts({ mode: 'included', included: 100_000, offline: true }))).toBe(
      'offline',
    );
  });

  it('Enterprise (included) runs on the platform key until the credits are used up', () => {
    expect(
      decideGenerationAccess(facts({ mode: 'included', included: 100_000, used: 99_999, platformKey: true })),
    ).toBe('platform_key');
    expect(refusal(facts({ mode: 'included', included: 100_000, used: 100_000, platformKey: true }))).toBe(
      '402 BIZ_004',
    );
    // Used up is used up, offline or not.
    expect(refusal(facts({ mode: 'included', included: 100_000, used: 100_001, offline: true }))).toBe(
      '402 BIZ_004',
    );
  });

  it('Enterprise on a deployment without a platform key and no offline mode: unavailable, not the agency’s fault', () => {
    expect(refusal(facts({ mode: 'included', included: 100_000 }))).toBe('503 SYS_002');
  });

  it('a suspended or canceled subscription generates nothing', () => {
    expect(refusal(facts({ ownKey: true, subscription: 'suspended' }))).toBe('403 BIZ_003');
    expect(refusal(facts({ ownKey: true, subscription: 'canceled' }))).toBe('403 BIZ_003');
    expect(decideGenerationAccess(facts({ ownKey: true, subscription: 'past_due' }))).toBe('agency_key');
  });
});
