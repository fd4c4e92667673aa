/**
 * The sequential driver runs an ASL file's Tasks one at a time in the definition's order, fills
 * `Parameters`/`ItemSelector` (context paths included), places results at `ResultPath`, follows
 * `Catch` into a Fail state; and the critical path of its trace honours a Map's MaxConcurrency.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../shared/state-machines.ts';
import { concurrency } from './fixtures/handlers.ts';
import { criticalPath, runSequentially, type Trace, tasksOf } from './sequential-asl.ts';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const handler = (name: string) => ({ module: 'bench/support/fixtures/handlers.ts', export: name });
const fixture: StateMachineDefinition = {
  name: 'sequential-fixture',
  definitionFile: 'bench/support/fixtures/sequential.asl.json',
  tasks: { PlanFunction: handler('plan'), PartFunction: handler('part'), CheckFunction: handler('check') },
};

describe('runSequentially', () => {
  it('runs every task alone, in the ASL order, with the results where ResultPath puts them', async () => {
    concurrency.most = 0;
    const { output, trace } = await runSequentially(
      fixture,
      { id: 'doc' },
      { repoRoot, executionId: 'arn:execution:1' },
    );
    expect(output).toEqual({
      id: 'doc',
      plan: { parts: [1, 2, 3], run: 'arn:execution:1', id: 'doc' },
      parts: ['doc:1', 'doc:2', 'doc:3'],
      finish: ['doc:summary', 'checked'],
    });
    expect(concurrency.most).toBe(1);
    const tasks = tasksOf(trace);
    expect(tasks.map((task) => task.state)).toEqual([
      'Plan',
      'WritePart',
      'WritePart',
      'WritePart',
      'Summary',
      'Check',
    ]);
    for (const [index, task] of tasks.slice(1).entries())
      expect(task.start).toBeGreaterThanOrEqual((tasks[index] as (typeof tasks)[number]).end);
    expect(trace.steps.map((step) => step.kind)).toEqual(['task', 'fan-out', 'fan-out']);
  });

  it('follows Catch to the Fail state, which rejects with its error', async () => {
    await expect(
      runSequentially(fixture, { id: 'doc', fail: true }, { repoRoot, executionId: 'arn:execution:2' }),
    ).rejects.toThrow('FixtureFailed: The check failed.');
  });
});

describe('criticalPath', () => {
  const task = (state: string, ms: number): Trace => ({ kind: 'task', state, start: 0, end: ms });
  const lane = (ms: number): Trace => ({ kind: 'chain', steps: [task('Lane', ms)] });

  it('adds a chain, takes the longest lane of a fan-out, and queues lanes beyond MaxConcurrency', () => {
    const weight = (each: { start: number; end: number }) => each.end - each.start;
    const chain = (fanOut: Trace): Trace => ({ kind: 'chain', steps: [task('First', 10), fanOut] });
    const lanes = [lane(30), lane(10), lane(10), lane(10)];
    expect(criticalPath(chain({ kind: 'fan-out', state: 'Map', lanes }), weight)).toBe(40);
    // Two slots: 30 | 10 then 10 then 10 → both end at 30.
    expect(criticalPath(chain({ kind: 'fan-out', state: 'Map', lanes, maxConcurrency: 2 }), weight)).toBe(40);
    // One slot: everything in a row, unless the cap is ignored.
    const serial = chain({ kind: 'fan-out', state: 'Map', lanes, maxConcurrency: 1 });
    expect(criticalPath(serial, weight)).toBe(70);
    expect(criticalPath(serial, weight, { unbounded: true })).toBe(40);
  });
});
