import { describe, expect, it } from 'vitest';
import { parseScheduleExpression } from './expression.ts';

/** The next `count` runs (ISO, UTC) strictly after `from`. */
function runs(expression: string, timezone: string, from: string, count = 4): string[] {
  const schedule = parseScheduleExpression(expression, timezone);
  const result: string[] = [];
  let after = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const next = schedule.next(after, Date.parse(from));
    if (next === null) break;
    result.push(new Date(next).toISOString().replace('.000Z', 'Z'));
    after = next;
  }
  return result;
}

describe('rate expressions', () => {
  it('count whole intervals from the start', () => {
    expect(runs('rate(5 minutes)', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-01T00:05:00Z',
      '2026-01-01T00:10:00Z',
    ]);
    expect(runs('rate(1 hour)', 'UTC', '2026-01-01T00:30:00Z', 1)).toEqual(['2026-01-01T01:30:00Z']);
    const daily = parseScheduleExpression('rate(1 day)', 'America/New_York');
    // Elapsed time, not calendar days: across the spring-forward night it is still 24 h.
    expect(daily.next(Date.parse('2026-03-08T12:00:00Z'), Date.parse('2026-03-07T12:00:00Z'))).toBe(
      Date.parse('2026-03-09T12:00:00Z'),
    );
  });

  it('refuse zero, unknown units and other forms', () => {
    expect(() => parseScheduleExpression('rate(0 minutes)', 'UTC')).toThrow('positive integer');
    expect(() => parseScheduleExpression('rate(2 weeks)', 'UTC')).toThrow('neither rate');
    expect(() => parseScheduleExpression('at(2026-01-01T00:00:00)', 'UTC')).toThrow('neither rate');
    expect(() => parseScheduleExpression('rate(5 minutes)', 'Mars/Olympus')).toThrow(
      'Unknown IANA time zone',
    );
  });
});

describe('cron expressions', () => {
  it('read the six AWS fields, with weekday names and numbers 1=SUN…7=SAT', () => {
    // 2026-01-01 is a Thursday.
    expect(runs('cron(0 18 ? * MON-FRI *)', 'UTC', '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-01T18:00:00Z',
      '2026-01-02T18:00:00Z',
      '2026-01-05T18:00:00Z',
    ]);
    expect(runs('cron(0 0 ? * 1 *)', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-04T00:00:00Z']);
    expect(runs('cron(0/15 * * * ? *)', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-01T00:15:00Z',
      '2026-01-01T00:30:00Z',
    ]);
  });

  it('support L, W and # as EventBridge does', () => {
    expect(runs('cron(0 12 L * ? *)', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-31T12:00:00Z',
      '2026-02-28T12:00:00Z',
    ]);
    // 2026-02-15 is a Sunday: the nearest weekday is Monday the 16th.
    expect(runs('cron(0 9 15W * ? *)', 'UTC', '2026-02-01T00:00:00Z', 1)).toEqual(['2026-02-16T09:00:00Z']);
    expect(runs('cron(0 10 ? * 6#3 *)', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-16T10:00:00Z',
      '2026-02-20T10:00:00Z',
    ]);
    expect(runs('cron(0 10 ? * 6L *)', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-30T10:00:00Z']);
    expect(runs('cron(0 10 ? * L *)', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-01-03T10:00:00Z']);
  });

  it('honour the year field and end when its years are past', () => {
    expect(runs('cron(0 8 1 1 ? 2027)', 'UTC', '2026-01-01T00:00:00Z')).toEqual(['2027-01-01T08:00:00Z']);
  });

  it('evaluate in the row time zone', () => {
    expect(runs('cron(0 9 * * ? *)', 'Europe/Berlin', '2026-01-10T00:00:00Z', 1)).toEqual([
      '2026-01-10T08:00:00Z',
    ]);
    expect(runs('cron(0 9 * * ? *)', 'Europe/Berlin', '2026-07-10T00:00:00Z', 1)).toEqual([
      '2026-07-10T07:00:00Z',
    ]);
  });

  it('skip a local time that does not exist when clocks spring forward', () => {
    // New York, 2026-03-08: 02:00 EST jumps to 03:00 EDT, so there is no 02:30 that day.
    expect(runs('cron(30 2 * * ? *)', 'America/New_York', '2026-03-07T00:00:00Z', 2)).toEqual([
      '2026-03-07T07:30:00Z',
      '2026-03-09T06:30:00Z',
    ]);
  });

  it('run a local time that occurs twice only once when clocks fall back', () => {
    // New York, 2026-11-01: 02:00 EDT falls back to 01:00 EST, so 01:00–01:59 happens twice.
    expect(runs('cron(30 1 * * ? *)', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00Z',
      '2026-11-02T06:30:00Z',
    ]);
    expect(runs('cron(0/30 * * * ? *)', 'America/New_York', '2026-11-01T04:00:00Z', 5)).toEqual([
      '2026-11-01T04:30:00Z',
      '2026-11-01T05:00:00Z',
      '2026-11-01T05:30:00Z',
      '2026-11-01T07:00:00Z',
      '2026-11-01T07:30:00Z',
    ]);
  });

  it('refuse expressions EventBridge refuses', () => {
    expect(() => parseScheduleExpression('cron(0 0 * * *)', 'UTC')).toThrow('six fields');
    expect(() => parseScheduleExpression('cron(0 0 * * MON *)', 'UTC')).toThrow('exactly one of');
    expect(() => parseScheduleExpression('cron(0 0 ? * ? *)', 'UTC')).toThrow('exactly one of');
    expect(() => parseScheduleExpression('cron(0 25 * * ? *)', 'UTC')).toThrow();
  });
});
