/**
 * Connected tests of one local service: a real `node:http` server on 127.0.0.1 (free port)
 * mounting only that service, over a data directory (a temporary one unless given), with a
 * restart on the same directory and a `close()` that leaves nothing behind.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalService, LocalServiceOptions } from '../service.ts';

export interface ServeServiceOptions {
  /** Opens the service; called again by `restart()`. */
  open(options: LocalServiceOptions): Promise<LocalService>;
  /** Reuse a data directory (e.g. to test a restart); by default a temporary one, removed on close. */
  readonly dataDir?: string;
  /** Prefix of the temporary data directory's name, e.g. `cs-dynamodb-`. */
  readonly tempPrefix: string;
  /** Sees every request before the service does (e.g. to count operations). */
  onRequest?(req: IncomingMessage): void;
}

export interface ServedService {
  /** `http://127.0.0.1:PORT`; the service's endpoint is this plus its mount. */
  readonly origin: string;
  readonly dataDir: string;
  /**
   * Closes the service and opens it again on the same directory, as a restart would; `whileDown`
   * runs in between (requests meanwhile get 404).
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /** Stops server and service; removes the data directory if it was a temporary one. */
  close(): Promise<void>;
}

/** Dummy credentials, us-east-1, and no retries: a failure must show in the test, not be retried away. */
export function testClientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  };
}

export async function serveService(options: ServeServiceOptions): Promise<ServedService> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), options.tempPrefix)));
  let service: LocalService | undefined;
  const server = createServer((req, res) => {
    options.onRequest?.(req);
    void Promise.resolve(service?.handle?.(req, res) ?? false).then((taken) => {
      if (!taken) res.writeHead(404).end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!service?.upgrade?.(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const open = async () => {
    service = await options.open({ dataDir, origin });
  };
  const stop = async () => {
    const running = service;
    service = undefined;
    await running?.close();
  };
  try {
    await open();
  } catch (error) {
    server.close();
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    origin,
    dataDir,
    async restart(whileDown) {
      await stop();
      try {
        await whileDown?.();
      } finally {
        await open();
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await stop();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
