import { describe, expect, it } from 'vitest';
import { currentPeriod } from './usage-periods.ts';

describe('currentPeriod (offline)', () => {
  it('starts the next month at the old end', () => {
    expect(currentPeriod('2026-03-10T00:00:00.000Z', '2026-03-10T00:05:00.000Z')).toEqual({
      start: '2026-03-10T00:00:00.000Z',
      end: '2026-04-10T00:00:00.000Z',
    });
  });

  it('jumps over missed months to the period containing now', () => {
    expect(currentPeriod('2026-01-31T00:00:00.000Z', '2026-04-01T00:00:00.000Z')).toEqual({
      start: '2026-03-31T00:00:00.000Z',
      end: '2026-04-30T00:00:00.000Z',
    });
  });
});
