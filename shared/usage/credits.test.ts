import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors.ts';
import { assertCreditsAvailable, includedCreditsCents, usedCreditsCents } from './credits.ts';

const INCLUDED = { api_key_mode: 'included', included_api_credits_cents: 100_000 } as const;
const BYOK = { api_key_mode: 'byok', included_api_credits_cents: 0 } as const;
const NOW = '2026-06-15T12:00:00.000Z';
const agency = (used: number, periodEnd = '2026-07-01T00:00:00.000Z') => ({
  api_usage_cents_current_period: used,
  api_usage_period_end: periodEnd,
});

describe('included credits', () => {
  it('has an allowance only on included plans', () => {
    expect(includedCreditsCents(INCLUDED)).toBe(100_000);
    expect(includedCreditsCents(BYOK)).toBeNull();
  });

  it('refuses with 402 BIZ_004 once the period is used up, saying when it renews', () => {
    expect(() => assertCreditsAvailable(agency(99_999), INCLUDED, NOW)).not.toThrow();
    let error: unknown;
    try {
      assertCreditsAvailable(agency(100_000), INCLUDED, NOW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'BIZ_004', status: 402 });
    expect((error as ApiError).message).toContain('2026-07-01');
  });

  it('never refuses a BYOK agency, and ignores the usage of an ended period', () => {
    expect(() => assertCreditsAvailable(agency(5_000_000), BYOK, NOW)).not.toThrow();
    const ended = agency(100_000, '2026-06-01T00:00:00.000Z');
    expect(usedCreditsCents(ended, NOW)).toBe(0);
    expect(() => assertCreditsAvailable(ended, INCLUDED, NOW)).not.toThrow();
  });
});
