/**
 * A real `node:http` server on 127.0.0.1 (free port) serving only the local Secrets Manager,
 * for connected tests here and in other folders (e.g. `shared/auth`).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { serveService, testClientConfig } from '../testing/serve-services.ts';
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
  const operations: string[] = [];
  const served = await serveService({
    dataDir: options.dataDir,
    tempPrefix: 'cs-secretsmanager-',
    open: createSecretsManagerService,
    onRequest(req) {
      const target = req.headers['x-amz-target'];
      if (typeof target === 'string') operations.push(target.replace(/^secretsmanager\./, ''));
    },
  });
  const endpoint = `${served.origin}${SECRETS_MANAGER_MOUNT}`;
  const client = new SecretsManagerClient(testClientConfig(endpoint));

  return {
    endpoint,
    client,
    dataDir: served.dataDir,
    operations,
    restart: () => served.restart(),
    async close() {
      client.destroy();
      await served.close();
    },
  };
}
