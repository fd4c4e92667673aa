/**
 * EventBridge Scheduler `cron(minutes hours day-of-month month day-of-week year)` evaluated in an
 * IANA time zone, computed by croner (which supports `?`, `L`, `W`, `#`, a year field, Quartz
 * weekday numbers 1=SUN…7=SAT and time zones) after translating the few AWS differences.
 *
 * Daylight saving time as EventBridge Scheduler documents it: a run whose local time does not
 * exist (spring forward) is skipped, and a local time that occurs twice (fall back) runs once.
 * croner instead moves a fixed-time run out of the gap and repeats interval runs in the
 * repeated hour, so both cases are filtered here.
 */
import { Cron } from 'croner';

/** Finds the runs of one cron expression. */
export interface CronSchedule {
  /** The first run strictly after `after`, or null when there is none (all its years are past). */
  next(after: Date): Date | null;
}

const MINUTE_MS = 60_000;
/** Longer than any DST shift, so a fall-back within it is always seen. */
const DST_LOOKBACK_MS = 3 * 3_600_000;
/** A bound on consecutive filtered candidates (an every-minute cron skips 60 in a repeated hour). */
const MAX_SKIPPED = 10_000;

/** The local wall-clock time of `epochMs` in `format`'s zone, as if it were UTC, in ms. */
function wallClock(format: Intl.DateTimeFormat, epochMs: number): number {
  const parts = Object.fromEntries(
    format.formatToParts(epochMs).map((part) => [part.type, Number(part.value)]),
  );
  return Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day, parts.hour, parts.minute);
}

/** True when the local time of `epochMs` already occurred earlier (the second pass of a fall-back). */
function isRepeatedLocalTime(format: Intl.DateTimeFormat, epochMs: number): boolean {
  const offset = (at: number) => wallClock(format, at) - Math.floor(at / MINUTE_MS) * MINUTE_MS;
  const shift = offset(epochMs - DST_LOOKBACK_MS) - offset(epochMs);
  return shift > 0 && wallClock(format, epochMs - shift) === wallClock(format, epochMs);
}

/**
 * Parses the six fields inside `cron(...)`. AWS requires `?` in exactly one of day-of-month and
 * day-of-week; a bare `L` in day-of-week is its last day (7, Saturday).
 */
export function parseAwsCron(fields: string, timezone: string): CronSchedule {
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new Error(
      `cron(${fields}): expected six fields (minutes hours day-of-month month day-of-week year)`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new Error(`cron(${fields}): exactly one of day-of-month and day-of-week must be ?`);
  }
  const cron = new Cron(
    `0 ${minutes} ${hours} ${dayOfMonth} ${month} ${dayOfWeek === 'L' ? '7' : dayOfWeek} ${year}`,
    {
      timezone,
      mode: '7-part',
      alternativeWeekdays: true,
      // AWS writes steps with a start value (`0/15`), which croner calls sloppy.
      sloppyRanges: true,
      paused: true,
    },
  );
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });

  return {
    next(after) {
      let candidate = cron.nextRun(after);
      for (let skipped = 0; candidate && skipped < MAX_SKIPPED; skipped++) {
        // match() fails for a time croner moved out of a DST gap: that run does not exist.
        if (cron.match(candidate) && !isRepeatedLocalTime(format, candidate.getTime())) return candidate;
        candidate = cron.nextRun(candidate);
      }
      if (candidate) throw new Error(`cron(${fields}): no valid run found after ${after.toISOString()}`);
      return null;
    },
  };
}
