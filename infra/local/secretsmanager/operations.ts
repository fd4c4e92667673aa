/**
 * The Secrets Manager operations the local cloud answers, with the request validation, staging
 * labels, idempotency and error types of the real service: CreateSecret, GetSecretValue,
 * PutSecretValue, DescribeSecret. Dates go out as epoch seconds (the JSON protocol's timestamp
 * format).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AwsJsonError } from '../aws-json/protocol.ts';
import type { Operation } from '../aws-json/service.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../handlers/local-identity.ts';
import { secretsManagerError } from './protocol.ts';
import type { SecretRecord, SecretStore, SecretVersion } from './secret-store.ts';

const CURRENT = 'AWSCURRENT';
const PREVIOUS = 'AWSPREVIOUS';
const MAX_VALUE_BYTES = 65_536;
const ARN_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const SecretName = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9/_+=.@-]+$/, 'must contain only letters, digits and /_+=.@-');
const SecretId = z.string().min(1).max(2048);
/** The version id; the SDK fills it with a UUID so that a retried request is not applied twice. */
const ClientRequestToken = z.string().min(32).max(64);
const Stage = z.string().min(1).max(256);
const SecretString = z.string().max(MAX_VALUE_BYTES);
const SecretBinary = z
  .base64()
  .refine((value) => Buffer.byteLength(value, 'base64') <= MAX_VALUE_BYTES, 'is too large');

const CreateSecretInput = z.object({
  Name: SecretName,
  ClientRequestToken: ClientRequestToken.optional(),
  Description: z.string().max(2048).optional(),
  KmsKeyId: z.string().max(2048).optional(),
  SecretString: SecretString.optional(),
  SecretBinary: SecretBinary.optional(),
  Tags: z.array(z.object({ Key: z.string().min(1).max(128), Value: z.string().max(256) })).optional(),
});
const GetSecretValueInput = z.object({
  SecretId,
  VersionId: ClientRequestToken.optional(),
  VersionStage: Stage.optional(),
});
const PutSecretValueInput = z.object({
  SecretId,
  ClientRequestToken: ClientRequestToken.optional(),
  SecretString: SecretString.optional(),
  SecretBinary: SecretBinary.optional(),
  VersionStages: z.array(Stage).min(1).max(20).optional(),
});
const DescribeSecretInput = z.object({ SecretId });

type SecretValue = Pick<SecretVersion, 'secretString' | 'secretBinary'>;

const seconds = (epochMs: number) => epochMs / 1000;

function invalidParameter(message: string): AwsJsonError {
  return secretsManagerError('InvalidParameterException', message);
}

function parse<T>(schema: z.ZodType<T>, request: Record<string, unknown>): T {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw invalidParameter(`${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
}

/** The value a request carries, or undefined when it carries none. */
function requestValue(input: { SecretString?: string; SecretBinary?: string }): SecretValue | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
    throw invalidParameter(
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  }
  if (input.SecretString !== undefined) return { secretString: input.SecretString };
  if (input.SecretBinary !== undefined) return { secretBinary: input.SecretBinary };
  return undefined;
}

function sameValue(version: SecretVersion, value: SecretValue): boolean {
  return version.secretString === value.secretString && version.secretBinary === value.secretBinary;
}

function secretArn(name: string): string {
  const suffix = Array.from({ length: 6 }, () => ARN_SUFFIX_ALPHABET[randomInt(ARN_SUFFIX_ALPHABET.length)]);
  return `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:secret:${name}-${suffix.join('')}`;
}

/**
 * Puts each of `stages` on the version `versionId`, taking it off the version that held it.
 * Moving AWSCURRENT labels its old holder AWSPREVIOUS, as Secrets Manager does, so readers can
 * still fetch the value being replaced (here: to verify tokens signed before a rotation).
 */
function moveStages(secret: SecretRecord, versionId: string, stages: readonly string[]): void {
  const target = secret.versions.find((version) => version.versionId === versionId);
  if (!target) throw new Error(`version ${versionId} of ${secret.name} does not exist`);
  for (const stage of stages) {
    const holder = secret.versions.find((version) => version.stages.includes(stage));
    if (holder === target) continue;
    if (holder) holder.stages = holder.stages.filter((label) => label !== stage);
    if (stage === CURRENT && holder) {
      for (const version of secret.versions) version.stages = version.stages.filter((l) => l !== PREVIOUS);
      holder.stages.push(PREVIOUS);
    }
    target.stages.push(stage);
  }
  // AWS keeps unlabelled versions for a while, reachable only by VersionId; nothing here needs
  // them, and dropping them keeps the file from growing with every rotation.
  secret.versions = secret.versions.filter((version) => version.stages.length > 0);
}

/** The operations by name, over the store. */
export function createOperations(store: SecretStore): Record<string, Operation> {
  const requireSecret = (secretId: string): SecretRecord => {
    const secret = store.find(secretId);
    if (!secret)
      throw secretsManagerError(
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    return secret;
  };

  return {
    async CreateSecret(request) {
      const input = parse(CreateSecretInput, request);
      const value = requestValue(input);
      const versionId = input.ClientRequestToken ?? randomUUID();
      const existing = store.find(input.Name);
      if (existing) {
        // A retry of the request that created it (same token, same value) succeeds again.
        const version = existing.versions.find((candidate) => candidate.versionId === versionId);
        if (value && version && sameValue(version, value))
          return { ARN: existing.arn, Name: existing.name, VersionId: versionId };
        throw secretsManagerError(
          'ResourceExistsException',
          `The operation failed because the secret ${input.Name} already exists.`,
        );
      }
      const now = Date.now();
      const secret: SecretRecord = {
        arn: secretArn(input.Name),
        name: input.Name,
        description: input.Description,
        kmsKeyId: input.KmsKeyId,
        tags: input.Tags ?? [],
        createdDate: now,
        lastChangedDate: now,
        versions: value ? [{ versionId, ...value, createdDate: now, stages: [CURRENT] }] : [],
      };
      store.add(secret);
      await store.save();
      return { ARN: secret.arn, Name: secret.name, ...(value ? { VersionId: versionId } : {}) };
    },

    async GetSecretValue(request) {
      const input = parse(GetSecretValueInput, request);
      const secret = requireSecret(input.SecretId);
      const stage = input.VersionStage ?? (input.VersionId === undefined ? CURRENT : undefined);
      const version = secret.versions.find(
        (candidate) =>
          (input.VersionId === undefined || candidate.versionId === input.VersionId) &&
          (stage === undefined || candidate.stages.includes(stage)),
      );
      if (!version) {
        const wanted =
          input.VersionId === undefined ? `staging label: ${stage}` : `VersionId: ${input.VersionId}`;
        throw secretsManagerError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for ${wanted}`,
        );
      }
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: version.versionId,
        ...(version.secretString === undefined ? {} : { SecretString: version.secretString }),
        ...(version.secretBinary === undefined ? {} : { SecretBinary: version.secretBinary }),
        VersionStages: [...version.stages],
        CreatedDate: seconds(version.createdDate),
      };
    },

    async PutSecretValue(request) {
      const input = parse(PutSecretValueInput, request);
      const value = requestValue(input);
      if (!value) throw invalidParameter('You must provide either SecretString or SecretBinary.');
      const secret = requireSecret(input.SecretId);
      const versionId = input.ClientRequestToken ?? randomUUID();
      const existing = secret.versions.find((version) => version.versionId === versionId);
      if (existing) {
        // A retry (same token, same value) is answered without moving any label again.
        if (!sameValue(existing, value))
          throw secretsManagerError(
            'ResourceExistsException',
            "You can't modify an existing version, you can only create a new version.",
          );
      } else {
        const now = Date.now();
        secret.versions.push({ versionId, ...value, createdDate: now, stages: [] });
        moveStages(secret, versionId, input.VersionStages ?? [CURRENT]);
        secret.lastChangedDate = now;
        await store.save();
      }
      const version = secret.versions.find((candidate) => candidate.versionId === versionId);
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: versionId,
        VersionStages: [...(version?.stages ?? [])],
      };
    },

    async DescribeSecret(request) {
      const secret = requireSecret(parse(DescribeSecretInput, request).SecretId);
      return {
        ARN: secret.arn,
        Name: secret.name,
        ...(secret.description === undefined ? {} : { Description: secret.description }),
        ...(secret.kmsKeyId === undefined ? {} : { KmsKeyId: secret.kmsKeyId }),
        ...(secret.tags.length === 0 ? {} : { Tags: secret.tags }),
        CreatedDate: seconds(secret.createdDate),
        LastChangedDate: seconds(secret.lastChangedDate),
        VersionIdsToStages: Object.fromEntries(
          secret.versions.map((version) => [version.versionId, [...version.stages]]),
        ),
      };
    },
  };
}
