import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,functions,infra,tests,templates,bench}/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'cdk.out/**', '.data/**'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    pool: 'forks',
    // Request logs are for operators; tests only want warnings and errors.
    env: { LOG_LEVEL: 'warn' },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Each connected test file starts its own emulators on its own port and data directory.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
