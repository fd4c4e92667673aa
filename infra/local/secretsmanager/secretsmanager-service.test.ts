import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  InvalidParameterException,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecretsManagerForTests, startSecretsManagerForTests } from './test-server.ts';

let sm: SecretsManagerForTests;
let counter = 0;
/** A fresh secret name per test, so tests do not depend on each other. */
const uniqueName = () => `app/test-secret-${++counter}`;

beforeAll(async () => {
  sm = await startSecretsManagerForTests();
});

afterAll(async () => {
  await sm.close();
});

describe('CreateSecret / GetSecretValue / DescribeSecret', () => {
  it('stores a string secret readable by name, full ARN and partial ARN', async () => {
    const Name = uniqueName();
    const created = await sm.client.send(
      new CreateSecretCommand({ Name, SecretString: 's3cret', Description: 'for tests' }),
    );
    expect(created.ARN).toMatch(
      new RegExp(`^arn:aws:secretsmanager:us-east-1:000000000000:secret:${Name}-[A-Za-z0-9]{6}$`),
    );
    expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);

    for (const SecretId of [Name, created.ARN, created.ARN?.slice(0, -7)]) {
      const value = await sm.client.send(new GetSecretValueCommand({ SecretId }));
      expect(value).toMatchObject({
        ARN: created.ARN,
        Name,
        SecretString: 's3cret',
        VersionId: created.VersionId,
        VersionStages: ['AWSCURRENT'],
      });
      expect(value.CreatedDate).toBeInstanceOf(Date);
    }

    const described = await sm.client.send(new DescribeSecretCommand({ SecretId: Name }));
    expect(described).toMatchObject({
      ARN: created.ARN,
      Name,
      Description: 'for tests',
      VersionIdsToStages: { [created.VersionId as string]: ['AWSCURRENT'] },
    });
  });

  it('round-trips a binary secret', async () => {
    const Name = uniqueName();
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await sm.client.send(new CreateSecretCommand({ Name, SecretBinary: bytes }));
    const value = await sm.client.send(new GetSecretValueCommand({ SecretId: Name }));
    expect(value.SecretString).toBeUndefined();
    expect(Array.from(value.SecretBinary ?? [])).toEqual(Array.from(bytes));
  });

  it('refuses a second secret of the same name with ResourceExistsException (HTTP 400)', async () => {
    const Name = uniqueName();
    await sm.client.send(new CreateSecretCommand({ Name, SecretString: 'one' }));
    const error = await sm.client
      .send(new CreateSecretCommand({ Name, SecretString: 'two' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceExistsException);
    expect((error as ResourceExistsException).$metadata.httpStatusCode).toBe(400);
    const value = await sm.client.send(new GetSecretValueCommand({ SecretId: Name }));
    expect(value.SecretString).toBe('one');
  });

  it('answers a retried CreateSecret (same ClientRequestToken and value) like the first one', async () => {
    const Name = uniqueName();
    const request = { Name, SecretString: 'v', ClientRequestToken: 'a'.repeat(32) };
    const first = await sm.client.send(new CreateSecretCommand(request));
    const retry = await sm.client.send(new CreateSecretCommand(request));
    expect(retry).toMatchObject({ ARN: first.ARN, VersionId: first.VersionId });
  });

  it('answers ResourceNotFoundException for an unknown secret, ARN or missing stage', async () => {
    const missing = 'app/does-not-exist';
    const unknown = [
      () => sm.client.send(new GetSecretValueCommand({ SecretId: missing })),
      () =>
        sm.client.send(
          new GetSecretValueCommand({
            SecretId: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${missing}-AbCdEf`,
          }),
        ),
      () => sm.client.send(new DescribeSecretCommand({ SecretId: missing })),
      () => sm.client.send(new PutSecretValueCommand({ SecretId: missing, SecretString: 'x' })),
    ];
    for (const call of unknown) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(400);
    }

    const Name = uniqueName();
    await sm.client.send(new CreateSecretCommand({ Name, SecretString: 'only one version' }));
    await expect(
      sm.client.send(new GetSecretValueCommand({ SecretId: Name, VersionStage: 'AWSPREVIOUS' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('validates input with InvalidParameterException', async () => {
    await expect(
      sm.client.send(new CreateSecretCommand({ Name: 'bad name!', SecretString: 'x' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(
      sm.client.send(
        new CreateSecretCommand({ Name: uniqueName(), SecretString: 'x', SecretBinary: new Uint8Array([1]) }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('answers an unsupported operation with UnknownOperationException', async () => {
    const response = await fetch(sm.endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'secretsmanager.RotateSecret',
      },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });
});

describe('PutSecretValue', () => {
  it('moves AWSCURRENT to the new version and AWSPREVIOUS to the one it replaces', async () => {
    const Name = uniqueName();
    const v1 = await sm.client.send(new CreateSecretCommand({ Name, SecretString: 'one' }));
    const v2 = await sm.client.send(new PutSecretValueCommand({ SecretId: Name, SecretString: 'two' }));
    expect(v2.VersionStages).toEqual(['AWSCURRENT']);

    const current = await sm.client.send(new GetSecretValueCommand({ SecretId: Name }));
    const previous = await sm.client.send(
      new GetSecretValueCommand({ SecretId: Name, VersionStage: 'AWSPREVIOUS' }),
    );
    expect([current.SecretString, current.VersionId]).toEqual(['two', v2.VersionId]);
    expect([previous.SecretString, previous.VersionId]).toEqual(['one', v1.VersionId]);
    const byId = await sm.client.send(new GetSecretValueCommand({ SecretId: Name, VersionId: v1.VersionId }));
    expect(byId.SecretString).toBe('one');

    const v3 = await sm.client.send(new PutSecretValueCommand({ SecretId: Name, SecretString: 'three' }));
    const described = await sm.client.send(new DescribeSecretCommand({ SecretId: Name }));
    // The version two rotations old has no label left and is gone.
    expect(described.VersionIdsToStages).toEqual({
      [v2.VersionId as string]: ['AWSPREVIOUS'],
      [v3.VersionId as string]: ['AWSCURRENT'],
    });
  });

  it('applies a retried PutSecretValue once and refuses to change an existing version', async () => {
    const Name = uniqueName();
    await sm.client.send(new CreateSecretCommand({ Name, SecretString: 'one' }));
    const request = { SecretId: Name, SecretString: 'two', ClientRequestToken: 'b'.repeat(32) };
    await sm.client.send(new PutSecretValueCommand(request));
    await sm.client.send(new PutSecretValueCommand(request));
    const previous = await sm.client.send(
      new GetSecretValueCommand({ SecretId: Name, VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous.SecretString).toBe('one');
    await expect(
      sm.client.send(new PutSecretValueCommand({ ...request, SecretString: 'other' })),
    ).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('puts a custom stage without touching AWSCURRENT', async () => {
    const Name = uniqueName();
    await sm.client.send(new CreateSecretCommand({ Name, SecretString: 'one' }));
    await sm.client.send(
      new PutSecretValueCommand({ SecretId: Name, SecretString: 'next', VersionStages: ['AWSPENDING'] }),
    );
    const current = await sm.client.send(new GetSecretValueCommand({ SecretId: Name }));
    const pending = await sm.client.send(
      new GetSecretValueCommand({ SecretId: Name, VersionStage: 'AWSPENDING' }),
    );
    expect([current.SecretString, pending.SecretString]).toEqual(['one', 'next']);
  });
});

describe('persistence', () => {
  it('keeps secrets and their versions across a restart, in a file only the owner can read', async () => {
    const Name = uniqueName();
    await sm.client.send(new CreateSecretCommand({ Name, SecretString: 'before' }));
    await sm.client.send(new PutSecretValueCommand({ SecretId: Name, SecretString: 'after' }));

    await sm.restart();

    const current = await sm.client.send(new GetSecretValueCommand({ SecretId: Name }));
    const previous = await sm.client.send(
      new GetSecretValueCommand({ SecretId: Name, VersionStage: 'AWSPREVIOUS' }),
    );
    expect([current.SecretString, previous.SecretString]).toEqual(['after', 'before']);
    const directory = join(sm.dataDir, 'secretsmanager');
    expect((await stat(join(directory, 'secrets.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(directory)).mode & 0o777).toBe(0o700);
  });
});
