import { describe, expect, it } from 'vitest';
import { inspectImage } from '../uploads/inspect-image.ts';
import { coverQuery, rankCandidates } from './choose-cover.ts';
import { freepikColor } from './freepik-client.ts';
import { brandGradientSvg, GRADIENT_HEIGHT, GRADIENT_WIDTH } from './gradient.ts';

const BRAND = { color_accent_1: '#1D4ED8', color_accent_2: '#0ea5e9', color_accent_3: '#f59e0b' };

describe('brandGradientSvg', () => {
  it('is deterministic, uses the brand colours and passes the SVG sanitiser unchanged in size', async () => {
    const svg = brandGradientSvg(BRAND);
    expect(brandGradientSvg({ ...BRAND })).toBe(svg);
    expect(svg).toContain('#1d4ed8');
    expect(svg).toContain('#0ea5e9');
    expect(brandGradientSvg({ ...BRAND, color_accent_2: '#ff0000' })).not.toBe(svg);
    const image = await inspectImage(Buffer.from(svg), { allowSvg: true });
    expect(image).toMatchObject({
      content_type: 'image/svg+xml',
      width: GRADIENT_WIDTH,
      height: GRADIENT_HEIGHT,
    });
  });

  it('never writes brand values into the markup as-is', () => {
    const svg = brandGradientSvg({ ...BRAND, color_accent_1: '"/><script>alert(1)</script>' });
    expect(svg).not.toContain('script');
    expect(svg).toContain('#1f3a5f');
  });
});

describe('coverQuery / rankCandidates / freepikColor', () => {
  it('builds a short de-duplicated term from industry, topic and keywords, or the explicit search', () => {
    expect(
      coverQuery({
        client: { id: 'c', industry: 'Dental' },
        topic: 'Dental implants: a guide!',
        keywords: ['implants', 'cost', 'x'],
      }),
    ).toBe('Dental implants a guide cost');
    expect(coverQuery({ client: { id: 'c' }, topic: 'ignored', search: 'city skyline' })).toBe(
      'city skyline',
    );
    expect(
      coverQuery({ client: { id: 'c' }, topic: Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ') })
        .length,
    ).toBeLessThanOrEqual(100);
  });

  it('drops inactive, non-photo and unsafe results and puts landscape first', () => {
    const ranked = rankCandidates([
      { id: 1, title: 'Tall tower', image: { type: 'photo', orientation: 'vertical' } },
      { id: 2, title: 'Office', image: { type: 'vector', orientation: 'horizontal' } },
      { id: 3, title: 'Gun on a desk', image: { type: 'photo', orientation: 'horizontal' } },
      { id: 4, title: 'Old', active: false },
      { id: 5, title: 'Calm desk', image: { type: 'photo', orientation: 'horizontal' } },
    ]);
    expect(ranked.map((item) => item.id)).toEqual([5, 1]);
  });

  it('maps a brand colour to a Freepik colour name', () => {
    expect(freepikColor('#1d4ed8')).toBe('blue');
    expect(freepikColor('#dc2626')).toBe('red');
    expect(freepikColor('#16a34a')).toBe('green');
    expect(freepikColor('#6b7280')).toBe('gray');
    expect(freepikColor('#050505')).toBe('black');
    expect(freepikColor('not a colour')).toBeUndefined();
  });
});
