/** Parses the schedule table's expressions: `rate(...)` or `cron(...)`, in the row's time zone. */
import { parseAwsCron } from './cron.ts';
import { rateIntervalMs } from './rate.ts';

/** The runs of one schedule expression. */
export interface ScheduleExpression {
  /**
   * The first run strictly after `after` (epoch ms), or null when there is none. Rate schedules
   * count their intervals from `startedAt`, the moment the schedule began.
   */
  next(after: number, startedAt: number): number | null;
}

function assertTimeZone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new Error(`Unknown IANA time zone "${timezone}"`);
  }
}

/**
 * Parses `expression` (EventBridge Scheduler syntax). One-time `at(...)` schedules are not part
 * of the schedule table, so they are refused like any other unknown form.
 */
export function parseScheduleExpression(expression: string, timezone: string): ScheduleExpression {
  assertTimeZone(timezone);
  const intervalMs = rateIntervalMs(expression);
  if (intervalMs !== undefined) {
    return {
      next: (after, startedAt) => startedAt + (Math.floor((after - startedAt) / intervalMs) + 1) * intervalMs,
    };
  }
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron?.[1] !== undefined) {
    const schedule = parseAwsCron(cron[1], timezone);
    return { next: (after) => schedule.next(new Date(after))?.getTime() ?? null };
  }
  throw new Error(`"${expression}" is neither rate(value unit) nor cron(six fields)`);
}
