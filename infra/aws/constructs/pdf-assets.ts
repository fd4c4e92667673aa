/**
 * Files PDF rendering reads at run time, which esbuild cannot put into a bundle: the built-in
 * templates (`templates/`) and the font files of `shared/pdf/fonts.ts`. A function whose code
 * reaches the modules that read them gets them copied next to its bundle after esbuild ran:
 * - `templates/<base or design>/…` (the TypeScript beside the designs — tests, the designers' CLI —
 *   stays out), found through `TEMPLATES_DIR`, which the function's environment sets;
 * - `node_modules/@fontsource/<family>/…`, only the CSS and woff2 files the renderer can embed
 *   (`fontFiles`), found by the same `require.resolve` that finds them in the repository.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { fontFiles } from '../../../shared/pdf/fonts.ts';
import { moduleGraph } from '../module-graph.ts';

/** Where a Lambda finds the templates: its bundle is unpacked into `/var/task`. */
export const BUNDLED_TEMPLATES_DIR = '/var/task/templates';

/** The modules that read the assets (relative to the repository root). */
const ASSET_READERS = ['shared/pdf/templating.ts', 'shared/pdf/fonts.ts'];

/** Whether the function at `entry` reaches a module that reads the templates or fonts. */
export function readsPdfAssets(rootDir: string, entry: string): boolean {
  const { files } = moduleGraph(entry);
  return ASSET_READERS.some((reader) => files.has(resolve(rootDir, reader)));
}

/** A file to copy: source relative to the repository root, target relative to the bundle. */
interface AssetFile {
  readonly from: string;
  readonly to: string;
}

/** The files of every folder under `templates/`, TypeScript left out. */
function templateFiles(rootDir: string): AssetFile[] {
  const templates = join(rootDir, 'templates');
  return readdirSync(templates, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.parentPath !== templates && !entry.name.endsWith('.ts'))
    .map((entry) => {
      const from = relative(rootDir, join(entry.parentPath, entry.name));
      return { from, to: from };
    });
}

/** The font package files, kept at their path below `node_modules/`. */
function fontAssetFiles(rootDir: string): AssetFile[] {
  return fontFiles().map((file) => {
    const marker = `${sep}node_modules${sep}`;
    return {
      from: relative(rootDir, file),
      to: join('node_modules', file.slice(file.lastIndexOf(marker) + marker.length)),
    };
  });
}

/** Every file a rendering function's bundle needs besides the code. */
export function pdfAssetFiles(rootDir: string): AssetFile[] {
  return [...templateFiles(rootDir), ...fontAssetFiles(rootDir)];
}

const quote = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

/**
 * Bundling hooks copying {@link pdfAssetFiles} into the bundle. CDK runs them in a shell, with
 * the project root and the bundle's directory (locally, or the mounted ones of a bundling
 * container).
 */
export function pdfAssetHooks(rootDir: string): ICommandHooks {
  const files = pdfAssetFiles(rootDir);
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling(inputDir, outputDir) {
      const byTarget = new Map<string, string[]>();
      for (const { from, to } of files) {
        const target = join(outputDir, dirname(to));
        byTarget.set(target, [...(byTarget.get(target) ?? []), join(inputDir, from)]);
      }
      return [...byTarget].flatMap(([target, sources]) => [
        `mkdir -p ${quote(target)}`,
        `cp ${sources.map(quote).join(' ')} ${quote(target)}`,
      ]);
    },
  };
}
