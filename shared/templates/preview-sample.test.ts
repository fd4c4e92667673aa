import { describe, expect, it } from 'vitest';
import { previewSample, SAMPLE_FOOTER_PREFIX } from './preview-sample.ts';
import { designFingerprint } from './render-template.ts';

const agency = {
  name: 'Northwind Strategy',
  color_accent_1: '#1b2a4a',
  color_accent_2: '#3c6e91',
  color_accent_3: '#e0a100',
  logo_horizontal_url: 'http://localhost:3000/files/agencies/a1/branding/logo-horizontal-abc.png',
  company_website: 'https://northwind.example.com',
};
const now = new Date('2026-12-04T10:00:00Z');

describe('preview sample (offline)', () => {
  it('is the sample content in the agency brand, marked as a sample on the cover and every page', () => {
    const { input } = previewSample(agency, now);
    expect(input.content.metadata.sample).toBe(true);
    expect(input.brand).toMatchObject({ color_accent_1: '#1b2a4a', logo_url: agency.logo_horizontal_url });
    expect(input.brand.footer_text).toBe(`${SAMPLE_FOOTER_PREFIX} · © 2026 Northwind Strategy`);
    expect(previewSample({ ...agency, footer_text: 'Confidential' }, now).input.brand.footer_text).toBe(
      `${SAMPLE_FOOTER_PREFIX} · Confidential`,
    );
  });

  it('hashes the brand: the same kit gives the same hash, any change a new one', () => {
    const base = previewSample(agency, now).brandHash;
    expect(previewSample({ ...agency }, now).brandHash).toBe(base);
    const changes = [
      { color_accent_3: '#e0a101' },
      { logo_horizontal_url: `${agency.logo_horizontal_url}x` },
      { name: 'Northwind' },
      { company_email: 'hello@northwind.example.com' },
      { footer_text: 'Confidential' },
    ];
    const hashes = changes.map((change) => previewSample({ ...agency, ...change }, now).brandHash);
    expect(new Set([base, ...hashes]).size).toBe(changes.length + 1);
  });
});

describe('design fingerprint (offline)', () => {
  it('differs between designs and follows an admin template’s markup', async () => {
    const builtIn = await Promise.all(
      ['EXEC_01', 'MINIMAL_02'].map((code) => designFingerprint({ code, name: code })),
    );
    expect(builtIn[0]).not.toBe(builtIn[1]);
    expect(await designFingerprint({ code: 'EXEC_01', name: 'x' })).toBe(builtIn[0]);
    const custom = (html: string) =>
      designFingerprint({ code: 'C_1', name: 'C', html_template: html, css_template: '' });
    expect(await custom('<p>a</p>')).not.toBe(await custom('<p>b</p>'));
  });
});
