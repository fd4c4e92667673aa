/**
 * EventBridge Scheduler for the local cloud: one timer per row of the schedule table, invoking
 * the row's handler with an EventBridge scheduled event. A run that throws is reported and the
 * schedule carries on; a run still going when the next is due makes that next run skip.
 */
import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent } from 'aws-lambda';
import { SCHEDULES, type ScheduleDefinition } from '../../../shared/schedules.ts';
import { invokeLocally } from '../handlers/invoke.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, RESOURCE_NAME_PREFIX } from '../handlers/local-identity.ts';
import { parseScheduleExpression, type ScheduleExpression } from './expression.ts';

/** What a schedule's handler receives. */
export type ScheduledEvent = EventBridgeEvent<'Scheduled Event', Record<string, never>>;

export interface SchedulerOptions {
  /** The schedule table; defaults to `SCHEDULES`. */
  readonly schedules?: readonly ScheduleDefinition[];
  /** Root that handler module paths are relative to. */
  readonly repoRoot: string;
  /** The clock runs are computed against (epoch ms); defaults to `Date.now`. */
  readonly now?: () => number;
  /** Called when a run fails; defaults to logging. */
  readonly onError?: (error: unknown, schedule: ScheduleDefinition) => void;
}

export interface ScheduledRun {
  readonly name: string;
  readonly expression: string;
  readonly timezone: string;
  /** The next run, or null when the expression has none left. */
  readonly next: Date | null;
}

export interface Scheduler {
  /** Arms every schedule (rate schedules count from now: first run one interval later). */
  start(): void;
  /** Clears every timer and resolves once the runs in progress have finished. */
  stop(): Promise<void>;
  /** The next run of each schedule, in table order. */
  nextRuns(): ScheduledRun[];
}

/** setTimeout's limit; a later run is re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Entry {
  readonly schedule: ScheduleDefinition;
  readonly expression: ScheduleExpression;
  readonly arn: string;
  timer?: NodeJS.Timeout;
  due: number | null;
  running?: Promise<void>;
}

/**
 * Parses every expression (an invalid one throws here, naming its schedule) and returns the
 * scheduler, not yet started. Handler modules load at their first run.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const now = options.now ?? Date.now;
  const onError =
    options.onError ?? ((error, schedule) => console.error(`[scheduler] ${schedule.name} failed`, error));
  const entries: Entry[] = (options.schedules ?? SCHEDULES).map((schedule) => {
    let expression: ScheduleExpression;
    try {
      expression = parseScheduleExpression(schedule.expression, schedule.timezone);
    } catch (error) {
      throw new Error(`Schedule ${schedule.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const arn = `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:schedule/default/${RESOURCE_NAME_PREFIX}-${schedule.name}`;
    return { schedule, expression, arn, due: null };
  });
  let startedAt: number | undefined;

  function event(entry: Entry, due: number): ScheduledEvent {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      account: LOCAL_ACCOUNT_ID,
      time: new Date(due).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: LOCAL_REGION,
      resources: [entry.arn],
      detail: {},
    };
  }

  function arm(entry: Entry, after: number, origin: number): void {
    entry.due = entry.expression.next(after, origin);
    const due = entry.due;
    if (due === null) return;
    const delay = Math.max(0, due - now());
    entry.timer = setTimeout(
      () => (delay > MAX_TIMER_MS ? arm(entry, after, origin) : fire(entry, due, origin)),
      Math.min(delay, MAX_TIMER_MS),
    );
    // Schedules alone must not keep the process alive.
    entry.timer.unref();
  }

  function fire(entry: Entry, due: number, origin: number): void {
    // Re-armed first, so neither a failing nor a slow run stops the schedule. Runs missed while
    // the process was suspended are not caught up.
    arm(entry, Math.max(due, now()), origin);
    if (entry.running) {
      console.warn(
        `[scheduler] ${entry.schedule.name}: previous run still in progress, skipping ${new Date(due).toISOString()}`,
      );
      return;
    }
    entry.running = invokeLocally(entry.schedule.handler, event(entry, due), options.repoRoot)
      .then(
        () => undefined,
        (error: unknown) => onError(error, entry.schedule),
      )
      .finally(() => {
        entry.running = undefined;
      });
  }

  return {
    start() {
      if (startedAt !== undefined) return;
      const origin = now();
      startedAt = origin;
      for (const entry of entries) arm(entry, origin, origin);
    },
    async stop() {
      startedAt = undefined;
      for (const entry of entries) {
        clearTimeout(entry.timer);
        entry.due = null;
      }
      await Promise.all(entries.map((entry) => entry.running));
    },
    nextRuns() {
      return entries.map((entry) => {
        const next = startedAt === undefined ? entry.expression.next(now(), now()) : entry.due;
        const { name, expression, timezone } = entry.schedule;
        return { name, expression, timezone, next: next === null ? null : new Date(next) };
      });
    },
  };
}
