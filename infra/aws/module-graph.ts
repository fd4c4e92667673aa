/**
 * What a handler's bundle will contain, read from the source without bundling it: the repository
 * modules its relative imports reach, and the packages they import. The stacks use it to give a
 * function what esbuild cannot put into its bundle (Chromium, the PDF templates and fonts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The modules and packages reachable from an entry. */
export interface ModuleGraph {
  /** Absolute paths of the repository modules (the entry included). */
  readonly files: ReadonlySet<string>;
  /** Package specifiers as imported (`@sparticuz/chromium`, `zod/mini`, …). */
  readonly packages: ReadonlySet<string>;
}

/** `import type …;` and `export type … from …;` statements (possibly over several lines). */
const TYPE_ONLY = /^\s*(?:import|export)\s+type\s[^;]*;/gm;

// Static `from '…'`, side-effect `import '…'` and dynamic `import('…')` specifiers.
const SPECIFIERS =
  /\bfrom\s*(['"])([^'"]+)\1|\bimport\s*\(\s*(['"])([^'"]+)\3\s*\)|\bimport\s+(['"])([^'"]+)\5/g;

const graphs = new Map<string, ModuleGraph>();

/**
 * The graph of `entry`, following relative imports only: packages are not followed, because the
 * handlers reach what matters here (the renderer) through `shared/`, never through a package.
 */
export function moduleGraph(entry: string): ModuleGraph {
  const start = resolve(entry);
  const known = graphs.get(start);
  if (known) return known;
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [start];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file) || !existsSync(file)) continue;
    files.add(file);
    // Type-only imports and exports are erased by esbuild: they bring nothing into the bundle.
    const code = readFileSync(file, 'utf8').replace(TYPE_ONLY, '');
    for (const match of code.matchAll(SPECIFIERS)) {
      const specifier = match[2] ?? match[4] ?? match[6] ?? '';
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  }
  const graph = { files, packages };
  graphs.set(start, graph);
  return graph;
}
