/**
 * Chart colours from the brand accents (PRD §8.2.2 `derive_chart_colors`), adjusted so every mark
 * is visible on the page: WCAG 2.x non-text contrast (1.4.11) asks 3:1 for graphical objects, so a
 * near-white or pastel brand colour is darkened (via `readableOn`) until bars, lines and slices stand
 * out from the background. Text (axis labels, values, source line) uses fixed neutrals that pass AA.
 */
import { differenceEuclidean } from 'culori';
import { type Accents, darken, lighten, NEUTRALS, readableOn, WCAG_AA_NORMAL } from '../branding/colors.ts';

/** WCAG 2.x minimum contrast for graphical objects (success criterion 1.4.11). */
export const WCAG_NON_TEXT = 3;

export interface ChartPalette {
  primary: string;
  secondary: string;
  tertiary: string;
  /** Colours of series/slices in order, all at least 3:1 on the background, visibly distinct. */
  series: string[];
  grid: string;
  axis: string;
  /** Axis labels and value labels (AA on the background). */
  label: string;
  /** Titles. */
  text: string;
  /** Source line and legends' secondary text (AA on the background). */
  muted: string;
  background: string;
}

const distance = differenceEuclidean('oklab');
/** Below this oklab distance two series colours are too alike to tell apart. */
const MIN_DISTANCE = 0.06;

/** The chart palette of a brand (PRD §8.2.2), made readable on `background`. */
export function chartPalette(accents: Accents, background: string = NEUTRALS.background): ChartPalette {
  const a1 = accents.color_accent_1.toLowerCase();
  const a2 = accents.color_accent_2.toLowerCase();
  const a3 = accents.color_accent_3.toLowerCase();
  const visible = (hex: string) => readableOn(hex, background, WCAG_NON_TEXT);
  // The PRD's series, then further shades for brands whose lighter variants collapse into the base.
  const candidates = [
    a1,
    a2,
    a3,
    lighten(a1, 0.3),
    lighten(a2, 0.3),
    darken(a1, 0.2),
    darken(a2, 0.2),
    darken(a3, 0.3),
    darken(a1, 0.45),
    darken(a2, 0.45),
    '#4b5563',
    '#111827',
  ].map(visible);
  const series: string[] = [];
  for (const color of candidates) {
    if (series.every((chosen) => distance(chosen, color) >= MIN_DISTANCE)) series.push(color);
  }
  return {
    primary: series[0] ?? visible(a1),
    secondary: visible(a2),
    tertiary: visible(a3),
    series: series.slice(0, 8),
    grid: NEUTRALS.border,
    axis: '#9ca3af',
    label: readableOn('#374151', background, WCAG_AA_NORMAL),
    text: readableOn(NEUTRALS.text, background, WCAG_AA_NORMAL),
    muted: readableOn(NEUTRALS.text_light, background, WCAG_AA_NORMAL),
    background,
  };
}
