import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScheduleDefinition } from '../../../shared/schedules.ts';
import { loadHandler } from '../handlers/load-handler.ts';
import { finishSlowRun, received } from './fixtures/handlers.ts';
import { createScheduler, type Scheduler } from './scheduler.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = (name: string) => ({ module: 'infra/local/scheduler/fixtures/handlers.ts', export: name });
const schedule = (
  name: string,
  expression: string,
  handler: string,
  timezone = 'UTC',
): ScheduleDefinition => ({
  name,
  expression,
  timezone,
  handler: fixture(handler),
  description: `fixture ${name}`,
});

const MINUTE = 60_000;
let scheduler: Scheduler | undefined;

beforeAll(async () => {
  // Loaded before time is faked: the scheduler then finds the module in the handler cache.
  await loadHandler(fixture('record'), repoRoot);
});

beforeEach(() => {
  received.length = 0;
  vi.useFakeTimers({ now: new Date('2026-03-07T23:58:00Z') });
});

afterEach(async () => {
  finishSlowRun();
  await scheduler?.stop();
  scheduler = undefined;
  vi.useRealTimers();
});

describe('scheduler', () => {
  it('fires rate schedules every interval with an EventBridge scheduled event', async () => {
    scheduler = createScheduler({
      schedules: [schedule('due-content', 'rate(5 minutes)', 'record')],
      repoRoot,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(5 * MINUTE - 1);
    expect(received).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: '000000000000',
      region: 'us-east-1',
      time: '2026-03-08T00:03:00Z',
      resources: ['arn:aws:scheduler:us-east-1:000000000000:schedule/default/content-strategist-due-content'],
      detail: {},
    });
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(received.map((event) => event.time)).toEqual([
      '2026-03-08T00:03:00Z',
      '2026-03-08T00:08:00Z',
      '2026-03-08T00:13:00Z',
    ]);
  });

  it('fires cron schedules at their local time', async () => {
    const midnightInNewYork = schedule('nightly', 'cron(0 0 * * ? *)', 'record', 'America/New_York');
    scheduler = createScheduler({ schedules: [midnightInNewYork], repoRoot });
    scheduler.start();
    expect(scheduler.nextRuns()).toEqual([
      {
        name: 'nightly',
        expression: 'cron(0 0 * * ? *)',
        timezone: 'America/New_York',
        next: new Date('2026-03-08T05:00:00Z'),
      },
    ]);
    await vi.advanceTimersByTimeAsync((5 * 60 + 2) * MINUTE);
    expect(received.map((event) => event.time)).toEqual(['2026-03-08T05:00:00Z']);
    // After the spring-forward night the next midnight is 23 hours later (EDT).
    expect(scheduler.nextRuns()[0]?.next).toEqual(new Date('2026-03-09T04:00:00Z'));
  });

  it('keeps a schedule running after a run throws', async () => {
    const onError = vi.fn();
    scheduler = createScheduler({
      schedules: [schedule('broken', 'rate(1 minute)', 'fail')],
      repoRoot,
      onError,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2 * MINUTE);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ message: 'sweep failed' });
    expect(onError.mock.calls[0]?.[1]).toMatchObject({ name: 'broken' });
  });

  it('skips a run while the previous run of the same schedule is still going', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    scheduler = createScheduler({ schedules: [schedule('slow', 'rate(1 minute)', 'slow')], repoRoot });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3 * MINUTE);
    expect(received).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(2);
    finishSlowRun();
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(received).toHaveLength(2);
    warn.mockRestore();
  });

  it('clears its timers on stop', async () => {
    scheduler = createScheduler({ schedules: [schedule('stopped', 'rate(1 minute)', 'record')], repoRoot });
    scheduler.start();
    expect(vi.getTimerCount()).toBe(1);
    await scheduler.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(received).toHaveLength(0);
    expect(scheduler.nextRuns()[0]?.next).toEqual(new Date(Date.now() + MINUTE));
  });

  it('names the schedule whose expression is invalid', () => {
    expect(() =>
      createScheduler({ schedules: [schedule('typo', 'cron(0 0 * * *)', 'record')], repoRoot }),
    ).toThrow('Schedule typo: cron(0 0 * * *)');
  });

  it('computes runs from the injected clock', () => {
    const now = () => Date.parse('2030-06-01T10:02:00Z');
    const planned = createScheduler({
      schedules: [schedule('hourly', 'cron(0 * * * ? *)', 'record')],
      repoRoot,
      now,
    });
    expect(planned.nextRuns()[0]?.next).toEqual(new Date('2030-06-01T11:00:00Z'));
  });
});
