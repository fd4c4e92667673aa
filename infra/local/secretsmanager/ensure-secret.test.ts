import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { ensureSecret } from './ensure-secret.ts';
import { type SecretsManagerForTests, startSecretsManagerForTests } from './test-server.ts';

let sm: SecretsManagerForTests;

beforeAll(async () => {
  sm = await startSecretsManagerForTests();
});

afterAll(async () => {
  await sm.close();
});

it('creates a missing secret once and never replaces its value', async () => {
  const generate = vi.fn(() => 'generated-value');
  const arn = await ensureSecret(sm.client, 'app/jwt', generate);
  expect(arn).toMatch(/^arn:aws:secretsmanager:.*:secret:app\/jwt-[A-Za-z0-9]{6}$/);

  await sm.restart();
  const again = await ensureSecret(sm.client, 'app/jwt', () => 'another value');
  expect(again).toBe(arn);
  expect(generate).toHaveBeenCalledTimes(1);
  const value = await sm.client.send(new GetSecretValueCommand({ SecretId: 'app/jwt' }));
  expect(value.SecretString).toBe('generated-value');
});

it('survives concurrent callers: one value wins and all of them return its ARN', async () => {
  const arns = await Promise.all(
    ['a', 'b', 'c'].map((value) => ensureSecret(sm.client, 'app/concurrent', () => value)),
  );
  expect(new Set(arns).size).toBe(1);
  const value = await sm.client.send(new GetSecretValueCommand({ SecretId: 'app/concurrent' }));
  expect(['a', 'b', 'c']).toContain(value.SecretString);
});
