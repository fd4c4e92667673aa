/**
 * Colour maths of the brand kit: the PDF colours derived from the three accents (PRD §8.2.1) and
 * WCAG 2.x contrast checks, so text placed on or in a brand colour stays readable (WCAG AA).
 *
 * Conversions and the WCAG luminance/contrast formulas come from `culori`; the lighten/darken
 * rules are the PRD's (HSL lightness moved towards white by a fraction of the remaining distance,
 * or scaled towards black). Channels are rounded to bytes where the PRD's Python truncated them
 * (`int(c * 255)`): truncation biases every result darker by up to one step and turns float noise
 * (0.99999…) into off-by-one channels, so results can differ from the PRD's by one per channel.
 */
import { clampChroma, converter, formatHex, wcagContrast } from 'culori';

/** WCAG 2.x AA minimum contrast for normal-size text. */
export const WCAG_AA_NORMAL = 4.5;
/** WCAG 2.x AA minimum contrast for large text (18pt, or 14pt bold), e.g. PDF headings. */
export const WCAG_AA_LARGE = 3;

const WHITE = '#ffffff';
const BLACK = '#000000';

/** Fixed neutrals of every PDF (PRD §8.2.1). */
export const NEUTRALS = {
  text: '#1a1a1a',
  text_light: '#6b7280',
  background: WHITE,
  background_alt: '#f8f9fa',
  border: '#e5e7eb',
} as const;

const toHsl = converter('hsl');
const toRgb = converter('rgb');

/** `hex` with its HSL lightness replaced by `lightness(l)`. */
function withLightness(hex: string, lightness: (l: number) => number): string {
  const hsl = toHsl(hex);
  if (!hsl) throw new Error(`Not a colour: ${hex}`);
  return formatHex(toRgb({ ...hsl, l: lightness(hsl.l) }));
}

/** Lighter for backgrounds: `amount` 0 keeps the colour, 1 gives white (PRD `lighten_color`). */
export function lighten(hex: string, amount = 0.9): string {
  return withLightness(hex, (l) => l + (1 - l) * amount);
}

/** Darker for hover states and text: `amount` is the fraction of lightness removed (PRD `darken_color`). */
export function darken(hex: string, amount = 0.2): string {
  return withLightness(hex, (l) => l * (1 - amount));
}

/** WCAG 2.x contrast ratio of two colours (1–21), rounded to two decimals as tools report it. */
export function contrastRatio(a: string, b: string): number {
  return Math.round(wcagContrast(a, b) * 100) / 100;
}

/**
 * Black or white, whichever contrasts more with `hex` by the WCAG formula. (The PRD's YIQ-style
 * threshold picks the weaker one for some mid tones, e.g. white on #2980b9 is 4.3:1, below AA,
 * while black is 4.88:1; the better of the two is always at least 4.58:1, so this never fails AA.)
 */
export function contrastText(hex: string): string {
  return wcagContrast(hex, WHITE) >= wcagContrast(hex, BLACK) ? WHITE : BLACK;
}

const toOklch = converter('oklch');

/**
 * `hex` with `amount` of its OKLCH lightness removed, hue and chroma kept (within gamut). Unlike
 * HSL darkening (PRD `darken_color`), a warm near-white deepens to a warm grey instead of olive, so
 * colours darkened for contrast still look like the brand.
 */
export function deepen(hex: string, amount: number): string {
  const color = toOklch(hex);
  if (!color) throw new Error(`Not a colour: ${hex}`);
  return formatHex(clampChroma({ ...color, l: color.l * (1 - amount) }, 'oklch'));
}

/**
 * `hex` deepened in 5% lightness steps until it reaches `minimum` contrast on `background`
 * (the colour itself when it already does). Black always ends the search, so it terminates.
 */
export function readableOn(hex: string, background: string, minimum = WCAG_AA_NORMAL): string {
  const color = hex.toLowerCase();
  if (wcagContrast(color, background) >= minimum) return color;
  for (let step = 1; step <= 20; step += 1) {
    const candidate = deepen(hex, step * 0.05);
    if (wcagContrast(candidate, background) >= minimum) return candidate;
  }
  return BLACK;
}

/** The three brand accents (agency or client-resolved). */
export interface Accents {
  color_accent_1: string;
  color_accent_2: string;
  color_accent_3: string;
}

/** The PRD §8.2.1 `derive_pdf_colors` result. */
export type PdfColors = Record<
  `${'primary' | 'secondary' | 'accent'}${'' | '_light' | '_dark' | '_contrast'}`,
  string
> &
  typeof NEUTRALS;

const ROLES = [
  ['primary', 'color_accent_1'],
  ['secondary', 'color_accent_2'],
  ['accent', 'color_accent_3'],
] as const;

/** Every PDF colour derived from the accents (PRD §8.2.1). */
export function derivePdfColors(accents: Accents): PdfColors {
  const derived: Record<string, string> = {};
  for (const [role, field] of ROLES) {
    const base = accents[field].toLowerCase();
    derived[role] = base;
    derived[`${role}_light`] = lighten(base, 0.9);
    derived[`${role}_dark`] = darken(base, 0.2);
    derived[`${role}_contrast`] = contrastText(base);
  }
  return { ...(derived as Omit<PdfColors, keyof typeof NEUTRALS>), ...NEUTRALS };
}

/** How one brand colour fares as a fill under text and as text on the page background. */
export interface ColorContrast {
  color: string;
  /** Text placed on the colour (cover bands, callouts): the contrast colour and its ratio. */
  text_on_color: { text_color: string; ratio: number; passes_aa: boolean };
  /** The colour used as text on the page background (headings, links). */
  as_text: {
    ratio: number;
    passes_aa: boolean;
    passes_aa_large: boolean;
    /** The colour to use for body-size text: itself, or a darkened variant that reaches AA. */
    text_safe_color: string;
    text_safe_ratio: number;
  };
}

/** The WCAG AA verdict of a brand: per colour, and whether all of it passes as-is. */
export interface ContrastReport {
  level: 'AA';
  background: string;
  primary: ColorContrast;
  secondary: ColorContrast;
  accent: ColorContrast;
  /** True when every colour can be used as body text on the background without adjustment. */
  passes_aa: boolean;
  /** Human-readable notes for the colours that needed a darker variant. */
  warnings: string[];
}

function colorContrast(hex: string, background: string): ColorContrast {
  const color = hex.toLowerCase();
  const textColor = contrastText(color);
  const onColor = contrastRatio(textColor, color);
  const asText = contrastRatio(color, background);
  const safe = readableOn(color, background);
  return {
    color,
    text_on_color: { text_color: textColor, ratio: onColor, passes_aa: onColor >= WCAG_AA_NORMAL },
    as_text: {
      ratio: asText,
      passes_aa: asText >= WCAG_AA_NORMAL,
      passes_aa_large: asText >= WCAG_AA_LARGE,
      text_safe_color: safe,
      text_safe_ratio: contrastRatio(safe, background),
    },
  };
}

/** WCAG AA report of the accents on the PDF background (PRD §8.2.1 neutrals). */
export function contrastReport(accents: Accents, background: string = NEUTRALS.background): ContrastReport {
  const report = {
    primary: colorContrast(accents.color_accent_1, background),
    secondary: colorContrast(accents.color_accent_2, background),
    accent: colorContrast(accents.color_accent_3, background),
  };
  const warnings = Object.entries(report)
    .filter(([, entry]) => !entry.as_text.passes_aa)
    .map(
      ([role, entry]) =>
        `${role} ${entry.color} is ${entry.as_text.ratio}:1 on ${background} (AA needs ${WCAG_AA_NORMAL}:1); ` +
        `text uses ${entry.as_text.text_safe_color} (${entry.as_text.text_safe_ratio}:1)`,
    );
  return { level: 'AA', background, ...report, passes_aa: warnings.length === 0, warnings };
}
