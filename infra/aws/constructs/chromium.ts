/**
 * PDF rendering needs Chromium, which esbuild cannot bundle: `@sparticuz/chromium` stays external
 * and reaches the functions that use it through a Lambda layer built from the installed package.
 * The npm package ships x86_64 binaries only, so those functions run on x86_64 (with more memory)
 * while every other function runs on arm64.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AssetHashType, Stack } from 'aws-cdk-lib';
import { Architecture, Code, LayerVersion, Runtime } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { moduleGraph } from '../module-graph.ts';

/** The package that must stay outside the esbuild bundle. */
export const CHROMIUM_PACKAGE = '@sparticuz/chromium';

/** Memory (MB) a function running Chromium gets at least; it needs about 1.5 GB to render. */
export const CHROMIUM_MEMORY_SIZE = 2048;

/**
 * Whether the module at `entry` imports Chromium, directly or through the repository modules it
 * imports (see {@link moduleGraph}).
 */
export function importsChromium(entry: string): boolean {
  return [...moduleGraph(entry).packages].some(
    (specifier) => specifier === CHROMIUM_PACKAGE || specifier.startsWith(`${CHROMIUM_PACKAGE}/`),
  );
}

/** The `node_modules` folder `name` resolves from for code under `rootDir` (Node's upward search). */
function nodeModulesWith(rootDir: string, name: string): string {
  for (let dir = resolve(rootDir); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return join(dir, 'node_modules');
    if (dirname(dir) === dir) throw new Error(`${name} is not installed (looked upwards from ${rootDir})`);
  }
}

function packageJson(dir: string): { version: string; dependencies?: object; optionalDependencies?: object } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** Copies `name` and the packages it depends on from `nodeModules` into `target`. */
function copyPackageClosure(
  nodeModules: string,
  name: string,
  target: string,
  copied = new Set<string>(),
): void {
  const source = join(nodeModules, name);
  // A dependency missing at the top level is nested inside its dependant, already copied with it.
  if (copied.has(name) || !existsSync(source)) return;
  copied.add(name);
  cpSync(source, join(target, name), { recursive: true, dereference: true });
  const manifest = packageJson(source);
  for (const dependency of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
    copyPackageClosure(nodeModules, dependency, target, copied);
  }
}

/**
 * The stack's Chromium layer, created on first use. Built by copying the installed package (and
 * its dependencies) into `nodejs/node_modules`, where Lambda's Node.js runtime resolves packages
 * of layers, ES modules included.
 */
export function chromiumLayer(scope: Construct, rootDir: string): LayerVersion {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild('ChromiumLayer');
  if (existing) return existing as LayerVersion;

  const nodeModules = nodeModulesWith(rootDir, CHROMIUM_PACKAGE);
  const version = packageJson(join(nodeModules, CHROMIUM_PACKAGE)).version;
  return new LayerVersion(stack, 'ChromiumLayer', {
    description: `${CHROMIUM_PACKAGE} ${version} (x86_64 binaries)`,
    compatibleRuntimes: [Runtime.NODEJS_22_X],
    compatibleArchitectures: [Architecture.X86_64],
    code: Code.fromAsset(join(nodeModules, CHROMIUM_PACKAGE), {
      // The layer is exactly the installed version: hashing 60 MB of binaries would add nothing.
      assetHashType: AssetHashType.CUSTOM,
      assetHash: `${CHROMIUM_PACKAGE}@${version}`,
      bundling: {
        // Only used if local bundling were impossible; copying files never is.
        image: Runtime.NODEJS_22_X.bundlingImage,
        local: {
          tryBundle(outputDir) {
            copyPackageClosure(nodeModules, CHROMIUM_PACKAGE, join(outputDir, 'nodejs', 'node_modules'));
            return true;
          },
        },
      },
    }),
  });
}
