/**
 * Lambda bundle size and module init time, per function the CDK app deploys: each entry is
 * bundled with the deployed esbuild settings (`infra/aws/bundling.ts`), then imported in a fresh
 * Node process several times; the median import time approximates the cold-start init cost of
 * the module itself (the Lambda runtime's own start is not included).
 *
 * Run: `npm run bench -- bundles`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE, LAMBDA_NODE_OPTIONS, lambdaEsbuildOptions } from '../infra/aws/bundling.ts';
import { CATALOGUE, lambdaEntries } from '../infra/aws/catalogue.ts';
import { handlerId } from '../shared/config/handler-ref.ts';

const IMPORTS_PER_BUNDLE = Number(process.env.BENCH_IMPORTS ?? 5);
const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Milliseconds to import the bundle in a new process (module evaluation only, no handler call). */
function importMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    // The deployed NODE_OPTIONS: loading the source map is part of a function's init.
    env: { PATH: process.env.PATH, AWS_REGION: 'us-east-1', NODE_OPTIONS: LAMBDA_NODE_OPTIONS },
    encoding: 'utf8',
  });
  return Number(output.trim());
}

const outDir = await mkdtemp(join(tmpdir(), 'cs-bundles-'));
try {
  console.log(
    `# Lambda bundles — esbuild ${LAMBDA_BUNDLE.target} ESM minified with source map (the deployed settings), import median of ${IMPORTS_PER_BUNDLE} fresh processes, Node ${process.version}`,
  );
  console.log('function                              size KiB   gzip KiB   init ms');
  for (const ref of lambdaEntries(CATALOGUE)) {
    const outfile = join(outDir, `${handlerId(ref).replace(/[^A-Za-z0-9]+/g, '-')}.mjs`);
    await build(lambdaEsbuildOptions(join(repoRoot, ref.module), outfile));
    const code = await readFile(outfile);
    const init = median(Array.from({ length: IMPORTS_PER_BUNDLE }, () => importMs(outfile)));
    console.log(
      `${handlerId(ref).padEnd(36)} ${(code.length / 1024).toFixed(0).padStart(9)} ${(gzipSync(code).length / 1024).toFixed(0).padStart(10)} ${init.toFixed(1).padStart(9)}`,
    );
  }
} finally {
  await rm(outDir, { recursive: true, force: true });
}
