/**
 * The brand-gradient cover used when there is no uploaded cover and no usable stock image
 * (PRD §7.2.9 fallback): an SVG built only from the brand's three accents, so the same brand always
 * yields byte-identical output. Colours are normalised to `#rrggbb` before they reach the markup:
 * nothing from the brand kit is ever written into the SVG as-is.
 */
import { formatHex, parse } from 'culori';
import { darken, lighten } from '../branding/colors.ts';

/** Letter size at 96 px/in, the cover page of every template. */
export const GRADIENT_WIDTH = 816;
export const GRADIENT_HEIGHT = 1056;

/** The accents the gradient is made of (agency or client-resolved brand). */
export interface GradientBrand {
  color_accent_1: string;
  color_accent_2: string;
  color_accent_3: string;
}

const FALLBACK = { color_accent_1: '#1f3a5f', color_accent_2: '#3d7ea6', color_accent_3: '#f2a541' };

/** `value` as lowercase `#rrggbb`, or `fallback` when it is not a colour. */
function safeHex(value: string, fallback: string): string {
  const parsed = parse(value);
  return parsed ? formatHex(parsed).toLowerCase() : fallback;
}

/** The cover SVG of `brand` (deterministic). */
export function brandGradientSvg(brand: GradientBrand): string {
  const primary = safeHex(brand.color_accent_1, FALLBACK.color_accent_1);
  const secondary = safeHex(brand.color_accent_2, FALLBACK.color_accent_2);
  const accent = safeHex(brand.color_accent_3, FALLBACK.color_accent_3);
  const deep = darken(primary, 0.35);
  const glow = lighten(accent, 0.35);
  const w = GRADIENT_WIDTH;
  const h = GRADIENT_HEIGHT;
  const y = (fraction: number) => Math.round(h * fraction);
  const x = (fraction: number) => Math.round(w * fraction);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    '<defs>',
    '<linearGradient id="cover-base" x1="0" y1="0" x2="1" y2="1">',
    `<stop offset="0" stop-color="${deep}"/>`,
    `<stop offset="0.55" stop-color="${primary}"/>`,
    `<stop offset="1" stop-color="${secondary}"/>`,
    '</linearGradient>',
    '<radialGradient id="cover-glow" cx="0.85" cy="0.15" r="0.6">',
    `<stop offset="0" stop-color="${glow}" stop-opacity="0.55"/>`,
    `<stop offset="1" stop-color="${glow}" stop-opacity="0"/>`,
    '</radialGradient>',
    '</defs>',
    `<rect width="${w}" height="${h}" fill="url(#cover-base)"/>`,
    `<rect width="${w}" height="${h}" fill="url(#cover-glow)"/>`,
    `<path d="M0 ${y(0.78)} C ${x(0.35)} ${y(0.7)}, ${x(0.65)} ${y(0.9)}, ${w} ${y(0.8)} L ${w} ${h} L 0 ${h} Z" fill="${accent}" fill-opacity="0.18"/>`,
    `<path d="M0 ${y(0.86)} C ${x(0.4)} ${y(0.8)}, ${x(0.7)} ${y(0.95)}, ${w} ${y(0.88)} L ${w} ${h} L 0 ${h} Z" fill="${secondary}" fill-opacity="0.25"/>`,
    '</svg>',
  ].join('');
}
