/**
 * Secrets Manager for the local cloud, mounted at `/_aws/secretsmanager`:
 * `@aws-sdk/client-secrets-manager` with
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER=http://127.0.0.1:PORT/_aws/secretsmanager` works unchanged.
 * It holds what CDK creates as secrets in AWS (the JWT signing key); values live under
 * `<dataDir>/secretsmanager`, readable by the owner only.
 */
import { join } from 'node:path';
import { awsJsonService } from '../aws-json/service.ts';
import type { LocalService, LocalServiceOptions } from '../service.ts';
import { createOperations } from './operations.ts';
import { secretsManagerProtocol } from './protocol.ts';
import { SecretStore } from './secret-store.ts';

export const SECRETS_MANAGER_MOUNT = '/_aws/secretsmanager';

/**
 * Opens the secrets a previous run left under `dataDir/secretsmanager` and returns the service.
 * `close()` waits until every write has reached the disk.
 */
export async function createSecretsManagerService(options: LocalServiceOptions): Promise<LocalService> {
  const store = await SecretStore.open(join(options.dataDir, 'secretsmanager'));
  return awsJsonService({
    name: 'secretsmanager',
    mount: SECRETS_MANAGER_MOUNT,
    protocol: secretsManagerProtocol,
    operations: createOperations(store),
    internalErrorType: 'InternalServiceError',
    close: () => store.flush(),
  });
}
