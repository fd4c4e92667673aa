/**
 * Colour maths against known values: the PRD §8.2.1 lighten/darken results (computed with the
 * PRD's own Python `colorsys` code) and published WCAG 2.x contrast ratios.
 */
import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  contrastReport,
  contrastText,
  darken,
  derivePdfColors,
  lighten,
  readableOn,
  WCAG_AA_NORMAL,
} from './colors.ts';

describe('PRD §8.2.1 derivation', () => {
  it.each([
    // colour, lighten 0.9, darken 0.2, lighten 0.3 — the PRD's Python functions (colorsys),
    // with round() in place of its int() truncation (see colors.ts)
    ['#1a4a6e', '#e1eef8', '#153b58', '#2f87c9'],
    ['#b8860b', '#fdf5e1', '#936b09', '#f3ba2f'],
    ['#2980b9', '#e8f3fa', '#216694', '#5ca9db'],
    ['#808080', '#f2f2f2', '#666666', '#a6a6a6'],
    ['#ffffff', '#ffffff', '#cccccc', '#ffffff'],
    ['#000000', '#e6e6e6', '#000000', '#4d4d4d'], // 76.5 rounds half up (Python's round() gives 4c)
    ['#2563EB', '#e9effd', '#124bc7', '#6692f1'],
  ])('%s → light %s, dark %s', (color, light, dark, light30) => {
    expect(lighten(color)).toBe(light);
    expect(darken(color)).toBe(dark);
    expect(lighten(color, 0.3)).toBe(light30);
  });

  it('derives every PDF colour with the fixed neutrals', () => {
    const colors = derivePdfColors({
      color_accent_1: '#1A4A6E',
      color_accent_2: '#b8860b',
      color_accent_3: '#2980b9',
    });
    expect(colors).toEqual({
      primary: '#1a4a6e',
      primary_light: '#e1eef8',
      primary_dark: '#153b58',
      primary_contrast: '#ffffff',
      secondary: '#b8860b',
      secondary_light: '#fdf5e1',
      secondary_dark: '#936b09',
      secondary_contrast: '#000000',
      accent: '#2980b9',
      accent_light: '#e8f3fa',
      accent_dark: '#216694',
      // the PRD's YIQ threshold would pick white here (4.3:1); WCAG says black (4.88:1)
      accent_contrast: '#000000',
      text: '#1a1a1a',
      text_light: '#6b7280',
      background: '#ffffff',
      background_alt: '#f8f9fa',
      border: '#e5e7eb',
    });
  });
});

describe('WCAG 2.x contrast', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#ffffff', 1],
    ['#767676', '#ffffff', 4.54], // the lightest grey that passes AA on white
    ['#777777', '#ffffff', 4.48], // … and the darkest that does not
    ['#0000ff', '#ffffff', 8.59],
    ['#ff0000', '#ffffff', 4],
    ['#ffff00', '#000000', 19.56],
  ])('%s on %s is %s:1', (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBe(ratio);
    expect(contrastRatio(b, a)).toBe(ratio);
  });

  it('picks the stronger of black and white, which always reaches AA', () => {
    expect(contrastText('#1a4a6e')).toBe('#ffffff');
    expect(contrastText('#ffff00')).toBe('#000000');
    for (const grey of ['#757575', '#767676', '#777777', '#808080', '#959595']) {
      expect(contrastRatio(contrastText(grey), grey)).toBeGreaterThanOrEqual(WCAG_AA_NORMAL);
    }
  });

  it('darkens a light colour until it reads on white, and keeps a dark one', () => {
    expect(readableOn('#1a4a6e', '#ffffff')).toBe('#1a4a6e');
    const yellow = readableOn('#ffd700', '#ffffff');
    expect(contrastRatio(yellow, '#ffffff')).toBeGreaterThanOrEqual(WCAG_AA_NORMAL);
    expect(yellow).not.toBe('#000000');
  });

  it('reports each colour and warns about those too light for body text', () => {
    const report = contrastReport({
      color_accent_1: '#1a4a6e',
      color_accent_2: '#ffd700',
      color_accent_3: '#2980b9',
    });
    expect(report.primary.as_text).toMatchObject({ ratio: 9.34, passes_aa: true });
    expect(report.secondary.as_text).toMatchObject({ passes_aa: false, passes_aa_large: false });
    expect(report.secondary.text_on_color).toMatchObject({ text_color: '#000000', passes_aa: true });
    expect(report.accent.as_text).toMatchObject({ ratio: 4.3, passes_aa: false, passes_aa_large: true });
    expect(report.passes_aa).toBe(false);
    expect(report.warnings).toHaveLength(2);
    expect(report.warnings[0]).toMatch(/^secondary #ffd700 is 1\.4:1/);
  });
});
