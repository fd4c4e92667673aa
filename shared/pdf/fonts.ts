/**
 * Fonts for PDFs, embedded as base64 `data:` URLs in `@font-face` rules read from npm font
 * packages (Fontsource). Chromium ignores `file://` fonts under `page.setContent`, and a machine
 * with no system fonts renders no text at all, so every glyph a document uses must come from here.
 * The CSS is built once per process and cached.
 */
import { existsSync } from 'node:fs';
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

/**
 * Subsets beyond {@link DEFAULT_SUBSETS} that the fonts have (Fontsource names); they are embedded
 * only in documents whose text uses them. Scripts no font package covers (CJK, Arabic, Hebrew,
 * Devanagari, …) have no embedded glyphs: see {@link uncoveredCharacters}.
 */
export const EXTRA_SUBSETS = ['greek', 'greek-ext', 'cyrillic', 'cyrillic-ext', 'vietnamese'] as const;

let rangesPromise: Promise<Map<string, [number, number][]>> | undefined;

/** Unicode ranges of every Fontsource subset (the same for every family), from the first font's CSS. */
function subsetRanges(): Promise<Map<string, [number, number][]>> {
  rangesPromise ??= (async () => {
    const spec = DEFAULT_FONTS[0] as FontSpec;
    const source = await readFile(require.resolve(`${spec.pkg}/${spec.weights[0]}.css`), 'utf8');
    const ranges = new Map<string, [number, number][]>();
    const id = escapeRegExp(spec.pkg.split('/').at(-1) ?? '');
    const block = new RegExp(
      `/\\*\\s*${id}-([a-z-]+)-\\d+-normal\\s*\\*/\\s*@font-face\\s*{[^}]*unicode-range:\\s*([^;]+);`,
      'g',
    );
    for (const [, subset, range] of source.matchAll(block)) {
      ranges.set(
        subset as string,
        (range as string).split(',').map((part) => {
          const [low, high] = part.trim().replace(/^U\+/i, '').split('-');
          return [Number.parseInt(low as string, 16), Number.parseInt(high ?? (low as string), 16)];
        }),
      );
    }
    return ranges;
  })();
  rangesPromise.catch(() => {
    rangesPromise = undefined;
  });
  return rangesPromise;
}

const inRanges = (ranges: readonly [number, number][], code: number) =>
  ranges.some(([low, high]) => code >= low && code <= high);

/** The distinct code points of `text` that Latin-1 does not cover (what may need another subset). */
function rareCodePoints(text: string): number[] {
  const codes = new Set<number>();
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code > 0xff) codes.add(code);
  }
  return [...codes];
}

/**
 * {@link fontFaceCss} for a document: the default subsets plus each of {@link EXTRA_SUBSETS} that
 * a character of `text` needs (Greek, Cyrillic, Vietnamese), so Latin documents stay small.
 */
export async function fontFaceCssFor(
  text: string,
  specs: readonly FontSpec[] = DEFAULT_FONTS,
): Promise<string> {
  const codes = rareCodePoints(text);
  if (codes.length === 0) return fontFaceCss(specs);
  const ranges = await subsetRanges();
  const extra = EXTRA_SUBSETS.filter((subset) =>
    codes.some((code) => inRanges(ranges.get(subset) ?? [], code)),
  );
  if (extra.length === 0) return fontFaceCss(specs);
  return fontFaceCss(
    specs.map((spec) => ({ ...spec, subsets: [...(spec.subsets ?? DEFAULT_SUBSETS), ...extra] })),
  );
}

/**
 * Characters of `text` that no subset of the fonts covers (e.g. CJK, Arabic): Chromium draws them
 * with whatever system font has them, so they look different on every machine, and on one with no
 * fonts (Lambda) they are not drawn at all.
 */
export async function uncoveredCharacters(text: string): Promise<string[]> {
  const ranges = await subsetRanges();
  const covered = [...DEFAULT_SUBSETS, ...EXTRA_SUBSETS].map((subset) => ranges.get(subset) ?? []);
  return rareCodePoints(text)
    .filter(
      (code) =>
        !covered.some((subset) => inRanges(subset, code)) &&
        !/\p{White_Space}|\p{Cf}/u.test(String.fromCodePoint(code)),
    )
    .map((code) => String.fromCodePoint(code));
}

/**
 * Every font package file this module may read, as absolute paths: `package.json` (the package's
 * exports map, which `require.resolve` needs), the CSS of each weight and style, and the woff2 of
 * every subset it can embed. A Lambda bundle ships exactly these under `node_modules/`, where the
 * same `require.resolve` finds them (infra/aws/constructs/pdf-assets.ts).
 */
export function fontFiles(specs: readonly FontSpec[] = DEFAULT_FONTS): string[] {
  const files: string[] = [];
  for (const spec of specs) {
    files.push(require.resolve(`${spec.pkg}/package.json`));
    const id = spec.pkg.split('/').at(-1) ?? '';
    const subsets = new Set([...(spec.subsets ?? DEFAULT_SUBSETS), ...EXTRA_SUBSETS]);
    for (const style of spec.styles ?? ['normal']) {
      for (const weight of spec.weights) {
        const css = require.resolve(`${spec.pkg}/${weight}${style === 'italic' ? '-italic' : ''}.css`);
        files.push(css);
        for (const subset of subsets) {
          const woff2 = join(dirname(css), 'files', `${id}-${subset}-${weight}-${style}.woff2`);
          if (existsSync(woff2)) files.push(woff2);
        }
      }
    }
  }
  return files;
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
