import { randomBytes } from 'node:crypto';
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';
import { decodeProtectedHeader } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureSecret } from '../../infra/local/secretsmanager/ensure-secret.ts';
import {
  type SecretsManagerForTests,
  startSecretsManagerForTests,
} from '../../infra/local/secretsmanager/test-server.ts';
import { resetEnvCache } from '../config/env.ts';
import { ApiError } from '../http/errors.ts';
import { type AccessSubject, issueAccessToken, verifyAccessToken } from './access-token.ts';
import { type SigningKeys, secretsManagerSigningKeys, signingKeys } from './signing-key.ts';

const SUBJECT: AccessSubject = {
  sub: 'user-1',
  role: 'agency_member',
  agency_id: 'agency-1',
  client_id: null,
  email: 'member@agency.example',
  session_id: 'sess_1',
};
const TTL_MS = 5 * 60_000;

let sm: SecretsManagerForTests;
let secretId: string;
let counter = 0;

const newSecret = () => randomBytes(48).toString('base64url');
const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const reads = () => sm.operations.filter((operation) => operation === 'GetSecretValue').length;
const keysFor = (id = secretId): SigningKeys =>
  secretsManagerSigningKeys({ client: sm.client, secretId: id });
const rotate = () =>
  sm.client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: newSecret() }));
/** Moves this process's clock forward (Date only; the network keeps real timers). */
const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

beforeAll(async () => {
  sm = await startSecretsManagerForTests();
});

afterAll(async () => {
  await sm.close();
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  secretId = await ensureSecret(sm.client, `content-strategist/jwt-${++counter}`, newSecret);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('secretsManagerSigningKeys', () => {
  it('signs with the AWSCURRENT version, named in kid, and reads the secret once per TTL', async () => {
    const keys = keysFor();
    const before = reads();
    const { token } = await issueAccessToken(SUBJECT, keys);
    const current = await keys.signingKey();
    expect(kidOf(token)).toBe(current.kid);
    for (let i = 0; i < 5; i++) await verifyAccessToken((await issueAccessToken(SUBJECT, keys)).token, keys);
    // AWSCURRENT and AWSPREVIOUS, read together, once.
    expect(reads() - before).toBe(2);

    advance(TTL_MS + 1);
    await issueAccessToken(SUBJECT, keys);
    expect(reads() - before).toBe(4);
  });

  it('keeps accepting tokens of the previous secret after a rotation and signs with the new one', async () => {
    const keys = keysFor();
    const old = await issueAccessToken(SUBJECT, keys);

    const rotated = await rotate();
    advance(TTL_MS + 1);
    const fresh = await issueAccessToken(SUBJECT, keys);
    expect(kidOf(fresh.token)).toBe(rotated.VersionId);
    expect(kidOf(fresh.token)).not.toBe(kidOf(old.token));
    expect(await verifyAccessToken(old.token, keys)).toEqual(old.claims);
    expect(await verifyAccessToken(fresh.token, keys)).toEqual(fresh.claims);

    // Two rotations later the first secret is neither current nor previous.
    await rotate();
    advance(TTL_MS + 1);
    await expect(verifyAccessToken(old.token, keys)).rejects.toMatchObject({ code: 'AUTH_003' });
    expect(await verifyAccessToken(fresh.token, keys)).toEqual(fresh.claims);
  });

  it('accepts a token of a version another container read first, by re-reading early', async () => {
    const here = keysFor();
    await here.signingKey();
    await rotate();
    advance(2_000);
    const elsewhere = await issueAccessToken(SUBJECT, keysFor());
    expect(await verifyAccessToken(elsewhere.token, here)).toEqual(elsewhere.claims);
  });

  it('re-reads at most once a second however many unknown kids arrive', async () => {
    const keys = keysFor();
    const { token } = await issueAccessToken(SUBJECT, keys);
    advance(2_000);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const withKid = (kid: string) =>
      `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), kid })).toString('base64url')}.${payload}.${signature}`;

    const before = reads();
    const forged = Array.from({ length: 20 }, (_, i) => verifyAccessToken(withKid(`forged-${i}`), keys));
    for (const result of await Promise.allSettled(forged)) {
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'AUTH_003' } });
    }
    expect(reads() - before).toBe(2);
    await expect(verifyAccessToken(withKid('forged-again'), keys)).rejects.toBeInstanceOf(ApiError);
    expect(reads() - before).toBe(2);
  });

  it('finds the secret by ARN as well as by name', async () => {
    const byArn = keysFor(secretId);
    const byName = keysFor(`content-strategist/jwt-${counter}`);
    const { token, claims } = await issueAccessToken(SUBJECT, byArn);
    expect(await verifyAccessToken(token, byName)).toEqual(claims);
  });

  it('fails as an outage, not as a bad token, when the secret is missing', async () => {
    const keys = keysFor('content-strategist/missing');
    const { token } = await issueAccessToken(SUBJECT, keysFor());
    await expect(verifyAccessToken(token, keys)).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(issueAccessToken(SUBJECT, keys)).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses a secret too short for HS256', async () => {
    const Name = `content-strategist/short-${counter}`;
    await sm.client.send(new CreateSecretCommand({ Name, SecretString: 'too-short' }));
    await expect(keysFor(Name).signingKey()).rejects.toThrow(/shorter than 32 bytes/);
  });
});

describe('signingKeys', () => {
  it('reads JWT_SECRET_ID through the endpoint in AWS_ENDPOINT_URL_SECRETS_MANAGER', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', sm.endpoint);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('JWT_SECRET_ID', secretId);
    resetEnvCache();
    try {
      const { token, claims } = await issueAccessToken(SUBJECT);
      expect(await verifyAccessToken(token)).toEqual(claims);
      expect(await verifyAccessToken(token, keysFor())).toEqual(claims);
      expect(signingKeys()).toBe(signingKeys());
    } finally {
      vi.unstubAllEnvs();
      resetEnvCache();
    }
  });
});
