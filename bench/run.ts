/**
 * `npm run bench [-- name…]`: runs the named benchmarks (all by default), one after another so
 * they never compete for the two cores, each in its own process (a process keeps the AWS SDK
 * clients it made for the first local cloud, so two clouds cannot share one process).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS: Record<string, string> = {
  api: 'api-latency.ts',
  bundles: 'bundles.ts',
  auth: 'auth.ts',
  clients: 'clients.ts',
  uploads: 'uploads.ts',
  pdf: 'pdf-render.ts',
  charts: 'charts.ts',
  generation: 'generation.ts',
};

const selected = process.argv.slice(2).filter((name) => !name.startsWith('-'));
for (const name of selected.length ? selected : Object.keys(BENCHMARKS)) {
  const file = BENCHMARKS[name];
  if (!file)
    throw new Error(`Unknown benchmark "${name}"; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  console.log(`\n=== ${name} ===`);
  const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
  execFileSync(process.execPath, [tsx, fileURLToPath(new URL(file, import.meta.url))], { stdio: 'inherit' });
}
