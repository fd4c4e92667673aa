/**
 * The schedule table (PRD §13.1): CDK turns each row into an EventBridge Scheduler schedule
 * targeting the handler's Lambda; the local runtime turns each into a timer. Expressions use
 * EventBridge Scheduler syntax (`rate(...)` or six-field `cron(...)`, evaluated in `timezone`).
 */
import type { HandlerRef } from './config/handler-ref.ts';

export interface ScheduleDefinition {
  /** Unique, kebab-case; also the Scheduler schedule name suffix. */
  readonly name: string;
  readonly expression: string;
  readonly timezone: string;
  readonly handler: HandlerRef;
  readonly description: string;
}

export const SCHEDULES: readonly ScheduleDefinition[] = [
  {
    name: 'reset-api-usage',
    expression: 'cron(0 0 * * ? *)',
    timezone: 'UTC',
    handler: { module: 'functions/sweeps/reset-api-usage.ts', export: 'handler' },
    description: 'Starts a new usage period for agencies whose period has ended (PRD §13.1)',
  },
];
