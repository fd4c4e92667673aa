import { describe, expect, it } from 'vitest';
import { ReadWriteLock } from './rw-lock.ts';

/** A task that records when it runs and finishes only when released. */
function gate(log: string[], name: string) {
  let release = () => {};
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    task: async () => {
      log.push(`${name}:start`);
      await done;
      log.push(`${name}:end`);
    },
    release: () => release(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadWriteLock (offline)', () => {
  it('runs readers together and a writer alone', async () => {
    const lock = new ReadWriteLock();
    const log: string[] = [];
    const [r1, r2, w] = [gate(log, 'r1'), gate(log, 'r2'), gate(log, 'w')];
    const running = [lock.read(r1.task), lock.read(r2.task), lock.write(w.task)];
    await tick();
    expect(log).toEqual(['r1:start', 'r2:start']);
    r1.release();
    await tick();
    expect(log).not.toContain('w:start');
    r2.release();
    await tick();
    expect(log.at(-1)).toBe('w:start');
    w.release();
    await Promise.all(running);
  });

  it('grants in arrival order, so later readers wait behind a waiting writer', async () => {
    const lock = new ReadWriteLock();
    const log: string[] = [];
    const [r1, w, r2] = [gate(log, 'r1'), gate(log, 'w'), gate(log, 'r2')];
    const running = [lock.read(r1.task), lock.write(w.task), lock.read(r2.task)];
    await tick();
    expect(log).toEqual(['r1:start']);
    r1.release();
    await tick();
    expect(log).toEqual(['r1:start', 'r1:end', 'w:start']);
    w.release();
    await tick();
    expect(log.at(-1)).toBe('r2:start');
    r2.release();
    await Promise.all(running);
  });

  it('releases the lock when a task fails', async () => {
    const lock = new ReadWriteLock();
    await expect(lock.write(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.write(async () => 'next')).resolves.toBe('next');
  });
});
