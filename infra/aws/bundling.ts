/**
 * How every Lambda bundle is built, read by the CDK functions and by `bench/bundles.ts`, so the
 * benchmark measures exactly what is deployed.
 */
import type { BuildOptions } from 'esbuild';
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
  // A `.map` file beside the bundle, without the sources: stack traces name our files and lines.
  sourceMap: true,
  sourcesContent: false,
} as const;

/** NODE_OPTIONS of every function: stack traces go through the bundle's source map. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/**
 * The esbuild options `NodejsFunction` builds `entry` with (ES module output, as the functions
 * use), for code that bundles without CDK: benchmarks and tests of the deployed code.
 */
export function lambdaEsbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: LAMBDA_BUNDLE.target,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    minify: LAMBDA_BUNDLE.minify,
    external: [...LAMBDA_BUNDLE.externalModules],
    banner: { js: LAMBDA_BUNDLE.banner },
    define: LAMBDA_BUNDLE.define,
    sourcemap: LAMBDA_BUNDLE.sourceMap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    logLevel: 'error',
  };
}
