/**
 * The envelope master key kept in Secrets Manager (secret `BYOK_MASTER_KEY_SECRET_ID`, created by
 * CDK in AWS and by the local cloud under `DATA_DIR`): the secret string is 32 random bytes,
 * base64. Each Secrets Manager version is one master key version, its `VersionId` the id stored in
 * ciphertexts, so `PutSecretValue` rotates the key for new values while old values still name the
 * version that can open them.
 *
 * Why Secrets Manager rather than KMS: the same mechanism as the JWT signing key, an emulator the
 * local cloud already runs, and one read per container instead of a KMS call per decryption. The
 * cost is that the master key is in Lambda memory; `MasterKeyring` is the seam where a KMS
 * `GenerateDataKey`/`Decrypt` keyring would plug in if that trade-off changes.
 */
import { hkdfSync } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { MasterKey, MasterKeyring } from './envelope.ts';

export interface SecretsManagerKeyringOptions {
  readonly client: SecretsManagerClient;
  /** Name or ARN of the secret. */
  readonly secretId: string;
  /** How long the current version is reused: the longest a rotation takes to reach this process. */
  readonly ttlMs?: number;
}

const DEFAULT_TTL_MS = 5 * 60_000;

/** Shortest secret accepted: 32 random characters or more carry at least 128 bits. */
const MIN_SECRET_LENGTH = 32;

/**
 * The AES-256 master key of a secret version: HKDF-SHA256 of the secret string, so any long random
 * secret works (CloudFormation's generated passwords in AWS, random base64 locally).
 */
function decodeKey(secretId: string, versionId: string, secretString: string | undefined): MasterKey {
  // A short or empty secret would make AES fail far from the cause; say what is wrong here.
  if (!secretString || secretString.length < MIN_SECRET_LENGTH) {
    throw new Error(
      `Secret ${secretId} (version ${versionId}) must hold at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  const key = Buffer.from(hkdfSync('sha256', secretString, 'content-strategist', 'byok-master-key', 32));
  return { id: versionId, key };
}

/**
 * A keyring reading `secretId`. Versions never change once written, so each one is cached for
 * the life of the process; only "which version is current" expires after `ttlMs`.
 */
export function secretsManagerKeyring(options: SecretsManagerKeyringOptions): MasterKeyring {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const versions = new Map<string, Promise<MasterKey>>();
  let current: { key: Promise<MasterKey>; loadedAt: number } | undefined;

  const read = async (selector: { VersionStage: 'AWSCURRENT' } | { VersionId: string }) => {
    const secret = await options.client.send(
      new GetSecretValueCommand({ SecretId: options.secretId, ...selector }),
    );
    if (!secret.VersionId) throw new Error(`Secret ${options.secretId} answered without a VersionId`);
    return decodeKey(options.secretId, secret.VersionId, secret.SecretString);
  };

  /** Caches a read, forgetting it when it fails so the next call retries. */
  const remember = (id: string, loading: Promise<MasterKey>) => {
    versions.set(id, loading);
    loading.catch(() => versions.delete(id));
    return loading;
  };

  return {
    current() {
      if (!current || Date.now() - current.loadedAt >= ttlMs) {
        const loading = read({ VersionStage: 'AWSCURRENT' }).then((key) => {
          versions.set(key.id, Promise.resolve(key));
          return key;
        });
        loading.catch(() => {
          current = undefined;
        });
        current = { key: loading, loadedAt: Date.now() };
      }
      return current.key;
    },
    byId(id) {
      return versions.get(id) ?? remember(id, read({ VersionId: id }));
    },
  };
}

let processKeyring: MasterKeyring | undefined;

/** The process's keyring on `secretId` (one per Lambda container, reused across invocations). */
export function masterKeyring(secretId: string): MasterKeyring {
  processKeyring ??= secretsManagerKeyring({ client: new SecretsManagerClient({}), secretId });
  return processKeyring;
}
