/**
 * Secrets Manager for the local cloud, mounted at `/_aws/secretsmanager`:
 * `@aws-sdk/client-secrets-manager` with
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER=http://127.0.0.1:PORT/_aws/secretsmanager` works unchanged.
 * It holds what CDK creates as secrets in AWS (the JWT signing key); values live under
 * `<dataDir>/secretsmanager`, readable by the owner only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type LocalService, type LocalServiceOptions, takePrefix } from '../service.ts';
import { createOperations } from './operations.ts';
import { operationOf, readJsonBody, SecretsManagerError, sendError, sendJson } from './protocol.ts';
import { SecretStore } from './secret-store.ts';

export const SECRETS_MANAGER_MOUNT = '/_aws/secretsmanager';

/** Secret values are at most 64 KiB; the rest of a request is small. */
const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * Opens the secrets a previous run left under `dataDir/secretsmanager` and returns the service.
 * `close()` waits until every write has reached the disk.
 */
export async function createSecretsManagerService(options: LocalServiceOptions): Promise<LocalService> {
  const store = await SecretStore.open(join(options.dataDir, 'secretsmanager'));
  const operations = createOperations(store);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const operation = operations[operationOf(req)];
      if (!operation)
        throw new SecretsManagerError(
          'UnknownOperationException',
          `Operation not supported locally: ${req.headers['x-amz-target']}`,
        );
      sendJson(res, 200, await operation(await readJsonBody(req, BODY_LIMIT_BYTES)));
    } catch (error) {
      if (error instanceof SecretsManagerError) return sendError(res, error);
      console.error('[secretsmanager]', error);
      sendError(res, new SecretsManagerError('InternalServiceError', 'Internal failure', 500));
    }
  }

  return {
    name: 'secretsmanager',
    async handle(req, res) {
      if (!takePrefix(req, SECRETS_MANAGER_MOUNT)) return false;
      await serve(req, res);
      return true;
    },
    close: () => store.flush(),
  };
}
