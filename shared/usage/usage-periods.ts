/**
 * Monthly API-usage periods (PRD §13.1 "reset API usage"): when an agency's period has ended, a
 * new one starts at the old end, with usage at zero and the 80% warning re-armed. A sweep that
 * ran late (or not at all for months) jumps straight to the period containing `now`.
 */
import { startUsagePeriod } from '../data/invariants.ts';
import { service } from '../data/service.ts';
import { addMonths } from '../data/time.ts';

/**
 * The start and end of the period containing `now`, counting whole months from `endedAt` (not
 * month by month, so a period anchored on the 31st keeps returning to the 31st after February).
 */
export function currentPeriod(endedAt: string, now: string): { start: string; end: string } {
  let months = 1;
  while (addMonths(endedAt, months) <= now) months += 1;
  return { start: months === 1 ? endedAt : addMonths(endedAt, months - 1), end: addMonths(endedAt, months) };
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && /conditional request failed/i.test(error.message);
}

/**
 * Starts a new period for every agency whose period ended by `now` (read from the sparse
 * period-end index, never a scan). Returns how many agencies were rolled over; an agency another
 * run already rolled over is skipped.
 */
export async function rollOverEndedPeriods(now = new Date().toISOString()): Promise<number> {
  const { data: ended } = await service()
    .entities.agency.query.byUsagePeriodEnd({})
    .lte({ api_usage_period_end: now })
    .go({ pages: 'all', attributes: ['id', 'api_usage_period_end'] });
  let rolledOver = 0;
  for (const agency of ended) {
    if (!agency.api_usage_period_end) continue;
    const next = currentPeriod(agency.api_usage_period_end, now);
    try {
      await startUsagePeriod(agency.id, agency.api_usage_period_end, next).go();
      rolledOver += 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return rolledOver;
}
