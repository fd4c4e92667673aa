/**
 * Starts the real local cloud for a test file: a fresh data directory, a free port, the demo seed.
 * Each vitest worker is its own process, so the cloud's `process.env` changes stay in that file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalCloud, type LocalCloudOptions, startLocalCloud } from '../../infra/local/cloud.ts';

/**
 * `fetch` to the cloud on 127.0.0.1 with `host` as the Host header. `fetch` itself cannot do it:
 * Host is a forbidden request header there (it would silently send `127.0.0.1:PORT`), and
 * `*.localhost` names do not resolve through this machine's resolver, unlike in browsers.
 */
async function requestWithHost(
  port: number,
  host: string,
  path: string,
  init: RequestInit,
): Promise<Response> {
  const request = new Request(`http://127.0.0.1:${port}${path}`, init);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const headers = { ...Object.fromEntries(request.headers), host };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, path, method: request.method, headers },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const responseHeaders = new Headers();
          for (let index = 0; index < incoming.rawHeaders.length; index += 2)
            responseHeaders.append(
              incoming.rawHeaders[index] as string,
              incoming.rawHeaders[index + 1] as string,
            );
          const status = incoming.statusCode ?? 500;
          const noBody = status === 204 || status === 304 || request.method === 'HEAD';
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

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
  options: Partial<Pick<LocalCloudOptions, 'dataDir' | 'distDir' | 'seed' | 'port'>> & {
    /**
     * Scales the per-IP and per-user class limits (PRD §16). Every test request comes from one
     * loopback address, so tests that are not about rate limits run with generous limits.
     */
    rateLimitMultiplier?: number;
  } = {},
): Promise<TestCloud> {
  process.env.RATE_LIMIT_MULTIPLIER = String(options.rateLimitMultiplier ?? 100);
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
      const { agency, ...rest } = init;
      const host = agency ? `${agency}.localhost:${cloud.port}` : `localhost:${cloud.port}`;
      return requestWithHost(cloud.port, host, path, rest);
    },
    async destroy() {
      await cloud.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
