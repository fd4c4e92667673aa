/**
 * Starts the real local cloud for a test file: a fresh data directory, a free port, the demo seed.
 * Each vitest worker is its own process, so the cloud's `process.env` changes stay in that file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../../infra/local/cloud.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface TestCloud extends LocalCloud {
  readonly dataDir: string;
  /** `fetch` against the cloud, with an optional agency host (`demo` → `demo.localhost:PORT`). */
  request(path: string, init?: RequestInit & { agency?: string }): Promise<Response>;
  /** Stops the cloud and deletes its data directory. */
  destroy(): Promise<void>;
}

/**
 * Starts a seeded cloud; pass `dataDir` and `port` to restart on the same state (the SDK clients
 * a process has created keep the endpoint they were made with, as in Lambda).
 */
export async function startTestCloud(
  options: Partial<Pick<LocalCloudOptions, 'dataDir' | 'distDir' | 'seed' | 'port'>> = {},
): Promise<TestCloud> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cs-test-')));
  const cloud = await startLocalCloud({
    port: options.port ?? 0,
    dataDir,
    repoRoot: REPO_ROOT,
    distDir: options.distDir,
    seed: options.seed ?? true,
  });
  return {
    ...cloud,
    close: () => cloud.close(),
    dataDir,
    request(path, init = {}) {
      const { agency, headers, ...rest } = init;
      const host = agency ? `${agency}.localhost:${cloud.port}` : `localhost:${cloud.port}`;
      return fetch(`http://127.0.0.1:${cloud.port}${path}`, {
        ...rest,
        headers: { host, ...(headers as Record<string, string> | undefined) },
      });
    },
    async destroy() {
      await cloud.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
