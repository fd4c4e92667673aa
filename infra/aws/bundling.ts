/**
 * How every Lambda bundle is built, read by the CDK functions and by `bench/bundles.ts`, so the
 * benchmark measures exactly what is deployed.
 */
import { CHROMIUM_PACKAGE } from './constructs/chromium.ts';

export const LAMBDA_BUNDLE = {
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  // The AWS SDK is bundled (the version the tests ran against, not the runtime's copy); only
  // Chromium, which ships binaries, stays outside (see constructs/chromium.ts).
  externalModules: [CHROMIUM_PACKAGE],
  // CommonJS dependencies inside an ES module bundle still call require() for built-ins.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  // The offline model (sample content) exists for the local runtime only: in AWS the switch is a
  // constant, so no environment variable can turn it on (shared/llm/offline/offline-gateway.ts).
  define: { 'process.env.CS_OFFLINE_MODEL': '"forbidden"' },
} as const;
