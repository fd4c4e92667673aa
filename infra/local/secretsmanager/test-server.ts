/**
 * A real `node:http` server on 127.0.0.1 (free port) serving only the local Secrets Manager,
 * for connected tests here and in other folders (e.g. `shared/auth`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { LocalService } from '../service.ts';
import { createSecretsManagerService, SECRETS_MANAGER_MOUNT } from './secretsmanager-service.ts';

export interface SecretsManagerForTests {
  /** What `AWS_ENDPOINT_URL_SECRETS_MANAGER` would be set to. */
  readonly endpoint: string;
  readonly client: SecretsManagerClient;
  readonly dataDir: string;
  /** Every operation served so far, in order (e.g. `GetSecretValue`), to count calls. */
  readonly operations: string[];
  /** Closes the service and opens it again on the same directory, as a restart would. */
  restart(): Promise<void>;
  /** Stops client, server and service; removes the data directory if it was a temporary one. */
  close(): Promise<void>;
}

/** Starts the local Secrets Manager on a free loopback port (dummy credentials, us-east-1). */
export async function startSecretsManagerForTests(
  options: { dataDir?: string } = {},
): Promise<SecretsManagerForTests> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cs-secretsmanager-')));
  const open = () => createSecretsManagerService({ dataDir, origin: 'http://127.0.0.1' });
  let service: LocalService = await open();
  const operations: string[] = [];
  const server = createServer((req, res) => {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') operations.push(target.replace(/^secretsmanager\./, ''));
    void Promise.resolve(service.handle?.(req, res) ?? false).then((taken) => {
      if (!taken) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}${SECRETS_MANAGER_MOUNT}`;
  const client = new SecretsManagerClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // A failure must show in the test, not be hidden by retries.
    maxAttempts: 1,
  });

  return {
    endpoint,
    client,
    dataDir,
    operations,
    async restart() {
      await service.close();
      service = await open();
    },
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await service.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
