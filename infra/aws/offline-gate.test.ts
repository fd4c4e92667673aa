/**
 * Offline mode can never be active in the AWS build: a pipeline step bundled the way CDK deploys
 * it (a real esbuild run through `NodejsFunction`) has the offline switch compiled to a constant,
 * so it answers "not allowed" even with `CS_OFFLINE_MODEL=allowed` in its environment — while the
 * same code unbundled (the local runtime) does allow it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineModelAllowed } from '../../shared/llm/offline/offline-gateway.ts';
import { REPO_ROOT } from './build-app.ts';
import { lambdaEsbuildOptions } from './bundling.ts';
import { LambdaGroup } from './constructs/lambda-group.ts';

let scratch: string;
const previous = process.env.CS_OFFLINE_MODEL;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'cs-offline-gate-'));
  process.env.CS_OFFLINE_MODEL = 'allowed';
});
afterAll(async () => {
  process.env.CS_OFFLINE_MODEL = previous;
  await rm(scratch, { recursive: true, force: true });
});

describe('the offline model in the AWS build', () => {
  it('is allowed where the local runtime sets the switch (the code itself is not gated)', () => {
    expect(offlineModelAllowed()).toBe(true);
  });

  it('is compiled out of the esbuild bundle: the bundled check says no despite the variable', async () => {
    const entry = join(scratch, 'entry.ts');
    await writeFile(
      entry,
      `export { offlineModelAllowed } from ${JSON.stringify(join(REPO_ROOT, 'shared/llm/offline/offline-gateway.ts'))};`,
    );
    const outfile = join(scratch, 'bundle.mjs');
    await build(lambdaEsbuildOptions(entry, outfile));
    const bundled = (await import(pathToFileURL(outfile).href)) as { offlineModelAllowed(): boolean };
    expect(process.env.CS_OFFLINE_MODEL).toBe('allowed');
    expect(bundled.offlineModelAllowed()).toBe(false);
  });

  it('is compiled out of the step functions CDK deploys', () => {
    const app = new App({ outdir: join(scratch, 'cdk.out') });
    const stack = new Stack(app, 'OfflineGate');
    new LambdaGroup(stack, 'Steps', {
      rootDir: REPO_ROOT,
      handlers: [{ module: 'functions/pipeline/topic-analysis.ts', export: 'handler' }],
      environment: { CS_OFFLINE_MODEL: 'allowed' },
      memorySize: 512,
      timeout: Duration.minutes(1),
      purpose: 'test',
    });
    const assembly = app.synth();
    const bundles = readdirSync(assembly.directory)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(assembly.directory, name, 'index.mjs'))
      .filter((file) => existsSync(file));
    expect(bundles).toHaveLength(1);
    const code = readFileSync(bundles[0] as string, 'utf8');
    expect(code).toContain('"forbidden"');
    expect(code).not.toMatch(/process\.env\.CS_OFFLINE_MODEL/);
  }, 120_000);
});
