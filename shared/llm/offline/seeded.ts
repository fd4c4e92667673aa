/**
 * Deterministic choices for the offline model: the same seed always gives the same picks, so a
 * retried step writes the same artifact and a source reads the same however often it is fetched.
 */
import { createHash } from 'node:crypto';

/** A pseudo-random source seeded by text. */
export interface Seeded {
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items in random order (all of them when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[];
}

/** mulberry32 over the first 32 bits of the seed's SHA-256. */
export function seeded(...seed: readonly (string | number)[]): Seeded {
  let state = createHash('sha256').update(seed.join('\u0000')).digest().readUInt32LE(0);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => {
      if (items.length === 0) throw new Error('Nothing to pick from');
      return items[int(0, items.length - 1)] as (typeof items)[number];
    },
    sample: (items, count) => {
      const pool = [...items];
      for (let i = pool.length - 1; i > 0; i--) {
        const j = int(0, i);
        [pool[i], pool[j]] = [pool[j] as (typeof pool)[number], pool[i] as (typeof pool)[number]];
      }
      return pool.slice(0, count);
    },
  };
}

/** A short stable hex digest of `text`, for URL slugs. */
export function digest(text: string, length = 8): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
