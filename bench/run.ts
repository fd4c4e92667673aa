/**
 * `npm run bench [-- name…]`: runs the named benchmarks (all by default), one after another so
 * they never compete for the two cores.
 */
const BENCHMARKS: Record<string, string> = {
  api: './api-latency.ts',
  bundles: './bundles.ts',
  auth: './auth.ts',
  clients: './clients.ts',
  uploads: './uploads.ts',
};

const selected = process.argv.slice(2).filter((name) => !name.startsWith('-'));
for (const name of selected.length ? selected : Object.keys(BENCHMARKS)) {
  const module = BENCHMARKS[name];
  if (!module)
    throw new Error(`Unknown benchmark "${name}"; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  console.log(`\n=== ${name} ===`);
  await import(module);
}
