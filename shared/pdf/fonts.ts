/**
 * Fonts for PDFs, embedded as base64 `data:` URLs in `@font-face` rules read from npm font
 * packages (Fontsource). Chromium ignores `file://` fonts under `page.setContent`, and a machine
 * with no system fonts renders no text at all, so every glyph a document uses must come from here.
 * The CSS is built once per process and cached.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type FontStyle = 'normal' | 'italic';

export interface FontSpec {
  /** npm package, e.g. `@fontsource/inter`. */
  readonly pkg: string;
  /** CSS family name the package declares, e.g. `Inter`. */
  readonly family: string;
  readonly weights: readonly number[];
  readonly styles?: readonly FontStyle[];
  /** Fontsource subsets to embed (default latin + latin-ext: Western European accented text). */
  readonly subsets?: readonly string[];
}

export const DEFAULT_SUBSETS = ['latin', 'latin-ext'] as const;

/** The families every template may use. */
export const DEFAULT_FONTS: readonly FontSpec[] = [
  { pkg: '@fontsource/inter', family: 'Inter', weights: [400, 600, 700], styles: ['normal'] },
  {
    pkg: '@fontsource/source-serif-4',
    family: 'Source Serif 4',
    weights: [400, 600, 700],
    styles: ['normal', 'italic'],
  },
];

/** CSS `font-family` stacks for the default fonts. */
export const FONT_STACKS = {
  sans: "'Inter', sans-serif",
  serif: "'Source Serif 4', serif",
} as const;

const require = createRequire(import.meta.url);
const cache = new Map<string, Promise<string>>();

/**
 * `@font-face` rules with every font of `specs` inlined as a woff2 data URL. Unicode ranges are
 * kept, so Chromium only loads the subsets a document's text needs.
 */
export function fontFaceCss(specs: readonly FontSpec[] = DEFAULT_FONTS): Promise<string> {
  const key = JSON.stringify(specs);
  let css = cache.get(key);
  if (!css) {
    css = buildCss(specs);
    cache.set(key, css);
    css.catch(() => cache.delete(key));
  }
  return css;
}

async function buildCss(specs: readonly FontSpec[]): Promise<string> {
  const rules: string[] = [];
  for (const spec of specs) {
    for (const style of spec.styles ?? ['normal']) {
      for (const weight of spec.weights) rules.push(...(await facesFor(spec, weight, style)));
    }
  }
  return rules.join('\n');
}

/** Reads the package's `<weight>[-italic].css` and inlines the woff2 files of the wanted subsets. */
async function facesFor(spec: FontSpec, weight: number, style: FontStyle): Promise<string[]> {
  const cssFile = require.resolve(`${spec.pkg}/${weight}${style === 'italic' ? '-italic' : ''}.css`);
  const source = await readFile(cssFile, 'utf8');
  const subsets = new Set(spec.subsets ?? DEFAULT_SUBSETS);
  const faces: string[] = [];
  // Fontsource writes one `/* <id>-<subset>-<weight>-<style> */ @font-face {...}` block per subset.
  for (const block of source.matchAll(/@font-face\s*{([^}]*)}/g)) {
    const body = block[1] ?? '';
    const woff2 = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(body)?.[1];
    if (!woff2) continue;
    const subset = woff2.match(
      new RegExp(`-(${[...subsets].map(escapeRegExp).join('|')})-${weight}-${style}\\.woff2$`),
    );
    if (!subset) continue;
    const data = await readFile(join(dirname(cssFile), 'files', woff2));
    const range = /unicode-range:\s*([^;]+);/.exec(body)?.[1];
    faces.push(
      [
        '@font-face {',
        `  font-family: '${spec.family}';`,
        `  font-style: ${style};`,
        `  font-weight: ${weight};`,
        '  font-display: block;',
        `  src: url(data:font/woff2;base64,${data.toString('base64')}) format('woff2');`,
        ...(range ? [`  unicode-range: ${range.trim()};`] : []),
        '}',
      ].join('\n'),
    );
  }
  if (faces.length === 0) {
    throw new Error(`${spec.pkg} has no ${[...subsets].join('/')} woff2 for weight ${weight} ${style}`);
  }
  return faces;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
