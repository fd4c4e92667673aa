/**
 * How plain-data tables (routes, schedules, state-machine tasks) name a handler without importing
 * it: CDK turns the reference into a Lambda entry point, the local runtime imports the module.
 */
export interface HandlerRef {
  /** Path from the repository root, e.g. `functions/api/health.ts`. */
  readonly module: string;
  /** Named export of that module. */
  readonly export: string;
}

/** Stable identifier of a handler, used for Lambda logical ids and local caches. */
export function handlerId(ref: HandlerRef): string {
  return `${ref.module.replace(/^functions\//, '').replace(/\.ts$/, '')}#${ref.export}`;
}
