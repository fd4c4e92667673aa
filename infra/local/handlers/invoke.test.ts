import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { invokeLocally } from './invoke.ts';
import { HandlerLoadError, loadHandler } from './load-handler.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const fixture = (name: string) => ({ module: 'infra/local/handlers/fixtures/handlers.ts', export: name });

describe('invokeLocally', () => {
  it('passes the event and result through JSON and gives each call a Lambda context', async () => {
    const event = { when: '2026-01-02T03:04:05.000Z' };
    const first = (await invokeLocally(fixture('describeInvocation'), event, repoRoot)) as Record<
      string,
      unknown
    >;
    const second = (await invokeLocally(fixture('describeInvocation'), event, repoRoot)) as Record<
      string,
      unknown
    >;
    expect(event).toEqual({ when: '2026-01-02T03:04:05.000Z' });
    expect(first).toMatchObject({
      event: { when: '2026-01-02T03:04:05.000Z', mutated: true },
      functionName: 'infra-local-handlers-fixtures-handlers-describeInvocation',
      invokedFunctionArn:
        'arn:aws:lambda:us-east-1:000000000000:function:infra-local-handlers-fixtures-handlers-describeInvocation',
      date: '2026-01-02T03:04:05.000Z',
    });
    expect(first.remainingMs).toBeGreaterThan(0);
    expect(first.awsRequestId).not.toBe(second.awsRequestId);
    expect(await invokeLocally(fixture('nothing'), {}, repoRoot)).toBeNull();
  });
});

describe('loadHandler', () => {
  it('reports a missing module or export with the Lambda runtime error types', async () => {
    const missingModule = loadHandler({ module: 'functions/nope.ts', export: 'handler' }, repoRoot);
    await expect(missingModule).rejects.toBeInstanceOf(HandlerLoadError);
    await expect(missingModule).rejects.toMatchObject({ name: 'Runtime.ImportModuleError' });
    await expect(missingModule).rejects.toThrow('Cannot load nope#handler');
    await expect(loadHandler(fixture('absent'), repoRoot)).rejects.toMatchObject({
      name: 'Runtime.HandlerNotFound',
      message: 'infra/local/handlers/fixtures/handlers.ts has no exported function "absent"',
    });
    await expect(loadHandler(fixture('notAFunction'), repoRoot)).rejects.toMatchObject({
      name: 'Runtime.HandlerNotFound',
    });
  });
});
