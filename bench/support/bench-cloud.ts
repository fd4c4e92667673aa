/**
 * What every benchmark on the local cloud shares: a fresh seeded cloud in a temporary data
 * directory, started with generous per-IP/per-user limits (PRD §16) because one process makes
 * every request, and removed afterwards; plus the machine line each report starts with.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalCloud, startLocalCloud } from '../../infra/local/cloud.ts';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Runs `measure` against a fresh seeded local cloud and always cleans up. */
export async function withBenchCloud(
  name: string,
  measure: (cloud: LocalCloud) => Promise<void>,
): Promise<void> {
  process.env.RATE_LIMIT_MULTIPLIER = '1000';
  const dataDir = await mkdtemp(join(tmpdir(), `cs-bench-${name}-`));
  const cloud = await startLocalCloud({ port: 0, dataDir, repoRoot, seed: true });
  try {
    await measure(cloud);
  } finally {
    await cloud.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** `AMD EPYC × 2, Node v22…`: what the figures were measured on. */
export function machine(): string {
  return `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}`;
}

/** The `p`th percentile of already sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
