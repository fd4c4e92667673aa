/**
 * The HMAC keys JWTs are signed and verified with, read from the Secrets Manager secret named
 * by `JWT_SECRET_ID` (created by CDK in AWS, by the local cloud from `DATA_DIR` locally).
 *
 * Rotation: new tokens are signed with the AWSCURRENT version and carry its VersionId as `kid`;
 * tokens are accepted when their `kid` is the AWSCURRENT or AWSPREVIOUS version, so sessions
 * signed before a `PutSecretValue` keep working until they expire. The two versions are cached
 * per process for a short time, so a rotation reaches every Lambda container within `ttlMs`; a
 * token naming a version this process has not seen (another container read the new one first)
 * triggers an early re-read, rate-limited so forged `kid`s cannot flood Secrets Manager.
 *
 * Why not Powertools Parameters: its cache key is the secret name (plus transform) without the
 * `VersionStage`, so AWSCURRENT and AWSPREVIOUS of one secret would overwrite each other.
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { tokenSettings } from './token-config.ts';

/** A key that new tokens are signed with, and the id their `kid` header carries. */
export interface SigningKey {
  readonly kid: string;
  readonly key: CryptoKey;
}

/** Where token code gets its keys; `signingKeys()` is the process's, tests may bring their own. */
export interface SigningKeys {
  /** The key of the AWSCURRENT version. */
  signingKey(): Promise<SigningKey>;
  /** The key a token's `kid` names when that version may still verify tokens, else undefined. */
  verificationKey(kid: string): Promise<CryptoKey | undefined>;
}

export interface SecretsManagerSigningKeysOptions {
  readonly client: SecretsManagerClient;
  /** Name or ARN of the secret. */
  readonly secretId: string;
  /** How long one read is used: the longest a rotation takes to reach this process. */
  readonly ttlMs?: number;
  /** Minimum time between reads caused by an unknown `kid`. */
  readonly minRefreshIntervalMs?: number;
}

/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
const MIN_KEY_BYTES = 32;
const DEFAULT_TTL_MS = 5 * 60_000;
const DEFAULT_MIN_REFRESH_INTERVAL_MS = 1_000;

interface KeyRing {
  readonly current: SigningKey;
  /** AWSCURRENT and (when there is one) AWSPREVIOUS, by VersionId. */
  readonly accepted: ReadonlyMap<string, CryptoKey>;
  readonly loadedAt: number;
}

async function importHmacKey(secretId: string, bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  if (bytes.byteLength < MIN_KEY_BYTES) {
    throw new Error(`JWT signing secret ${secretId} is shorter than ${MIN_KEY_BYTES} bytes`);
  }
  // Imported once per read rather than handing jose raw bytes, which it would import per token.
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

async function readVersion(
  options: SecretsManagerSigningKeysOptions,
  stage: 'AWSCURRENT' | 'AWSPREVIOUS',
): Promise<SigningKey | undefined> {
  try {
    const secret = await options.client.send(
      new GetSecretValueCommand({ SecretId: options.secretId, VersionStage: stage }),
    );
    const bytes =
      secret.SecretString !== undefined
        ? new TextEncoder().encode(secret.SecretString)
        : new Uint8Array(secret.SecretBinary ?? []);
    if (!secret.VersionId) throw new Error(`Secret ${options.secretId} answered without a VersionId`);
    return { kid: secret.VersionId, key: await importHmacKey(options.secretId, bytes) };
  } catch (error) {
    // Before the first rotation there is no AWSPREVIOUS version; a missing AWSCURRENT is an error.
    if (stage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * Keys from Secrets Manager with the per-process cache described above. A failed read is
 * thrown to the caller (tokens are neither signed nor accepted without a fresh enough key) and
 * retried on the next call.
 */
export function secretsManagerSigningKeys(options: SecretsManagerSigningKeysOptions): SigningKeys {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const minRefreshIntervalMs = options.minRefreshIntervalMs ?? DEFAULT_MIN_REFRESH_INTERVAL_MS;
  let ring: KeyRing | undefined;
  let loading: Promise<KeyRing> | undefined;

  const load = async (): Promise<KeyRing> => {
    const [current, previous] = await Promise.all([
      readVersion(options, 'AWSCURRENT'),
      readVersion(options, 'AWSPREVIOUS'),
    ]);
    if (!current) throw new Error(`Secret ${options.secretId} has no AWSCURRENT version`);
    const accepted = new Map([[current.kid, current.key]]);
    if (previous) accepted.set(previous.kid, previous.key);
    return { current, accepted, loadedAt: Date.now() };
  };

  /** The cached ring when younger than `maxAgeMs`, else a new read shared by concurrent callers. */
  const ringNewerThan = (maxAgeMs: number): Promise<KeyRing> => {
    if (ring && Date.now() - ring.loadedAt < maxAgeMs) return Promise.resolve(ring);
    loading ??= load()
      .then((loaded) => {
        ring = loaded;
        return loaded;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  return {
    async signingKey() {
      return (await ringNewerThan(ttlMs)).current;
    },
    async verificationKey(kid) {
      const key = (await ringNewerThan(ttlMs)).accepted.get(kid);
      return key ?? (await ringNewerThan(minRefreshIntervalMs)).accepted.get(kid);
    },
  };
}

let processKeys: SigningKeys | undefined;

/**
 * The keys of this process: the secret `JWT_SECRET_ID` through an ordinary SDK client (its
 * endpoint comes from the SDK's own `AWS_ENDPOINT_URL_SECRETS_MANAGER` locally), created on
 * first use and reused across Lambda invocations.
 */
export function signingKeys(): SigningKeys {
  processKeys ??= secretsManagerSigningKeys({
    client: new SecretsManagerClient({}),
    secretId: tokenSettings().secretId,
  });
  return processKeys;
}
