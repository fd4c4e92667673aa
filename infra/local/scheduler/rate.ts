/** EventBridge Scheduler `rate(value unit)`: a fixed interval, `unit` one of minute(s)/hour(s)/day(s). */

const RATE = /^rate\(\s*(\d+)\s+(minute|hour|day)s?\s*\)$/;
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * The interval of a rate expression in milliseconds, or undefined when `expression` is not one.
 * A day is 24 hours of elapsed time, not a calendar day (so DST does not shift it), as in AWS.
 */
export function rateIntervalMs(expression: string): number | undefined {
  const match = RATE.exec(expression.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${expression}: the value must be a positive integer`);
  return value * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
