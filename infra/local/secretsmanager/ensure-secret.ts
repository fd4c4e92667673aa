/**
 * Provisioning of the secrets the application expects to exist. In AWS, CDK creates them with
 * generated values; the local cloud calls `ensureSecret` at start for the same names.
 */
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

/**
 * Makes sure the secret `name` exists and has a current value, calling `generate` only when it
 * must create one: an existing value is never replaced, so restarts keep signing keys (and the
 * sessions signed with them). Returns the secret's ARN.
 */
export async function ensureSecret(
  client: SecretsManagerClient,
  name: string,
  generate: () => string,
): Promise<string> {
  try {
    const secret = await client.send(new DescribeSecretCommand({ SecretId: name }));
    const hasCurrent = Object.values(secret.VersionIdsToStages ?? {}).some((stages) =>
      stages.includes('AWSCURRENT'),
    );
    if (!hasCurrent)
      await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: generate() }));
    return secret.ARN as string;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    const created = await client.send(new CreateSecretCommand({ Name: name, SecretString: generate() }));
    return created.ARN as string;
  } catch (error) {
    // Another process created it between our two calls: theirs is the value to keep.
    if (!(error instanceof ResourceExistsException)) throw error;
    const secret = await client.send(new DescribeSecretCommand({ SecretId: name }));
    return secret.ARN as string;
  }
}
