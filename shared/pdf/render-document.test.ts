import { extractText } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { contrastRatio, WCAG_AA_NORMAL } from '../branding/colors.ts';
import { sampleContent } from '../content/sample-content.ts';
import { closeBrowser } from './browser.ts';
import {
  type DocumentBrand,
  documentColors,
  renderDocumentHtml,
  renderDocumentPdf,
} from './render-document.ts';

const BRANDS: Record<string, DocumentBrand> = {
  navy: {
    color_accent_1: '#14213d',
    color_accent_2: '#2a6f97',
    color_accent_3: '#e0a100',
    footer_text: 'Northwind Strategy · Confidential',
  },
  'near-white yellow': {
    color_accent_1: '#fdfbf2',
    color_accent_2: '#f5c400',
    color_accent_3: '#ffe566',
  },
};

const agency = {
  name: 'Northwind Strategy',
  website: 'https://northwind.example.com',
  email: 'hello@northwind.example.com',
  phone: '+1 555 0100',
  address: '100 Market Street, Springfield',
};
const client = { name: 'Contoso Ltd' };

afterAll(closeBrowser);

describe('documentColors', () => {
  it.each(Object.entries(BRANDS))('keeps text on brand colours at WCAG AA (%s)', (_, brand) => {
    const colors = documentColors(brand);
    const pairs: [string, string][] = [
      ['primary-text', 'primary'],
      ['cover-text', 'cover-start'],
      ['cover-text', 'cover-end'],
      ['back-text', 'back-fill'],
      ['primary-light-text', 'primary-light'],
      ['brand', 'background-alt'],
    ];
    for (const [text, fill] of pairs) {
      expect(
        contrastRatio(colors[text] as string, colors[fill] as string),
        `${text} on ${fill}`,
      ).toBeGreaterThanOrEqual(WCAG_AA_NORMAL - 0.05);
    }
    for (const name of ['brand', 'brand-2', 'brand-3', 'muted']) {
      expect(contrastRatio(colors[name] as string, '#ffffff')).toBeGreaterThanOrEqual(WCAG_AA_NORMAL);
    }
  });
});

describe('renderDocumentHtml / renderDocumentPdf', () => {
  it('escapes markup in content', async () => {
    const content = sampleContent();
    content.title = 'Growth <script>alert(1)</script> "quoted" </style><b>x</b>';
    const first = content.sections[0];
    if (first) first.paragraphs[0] = `<img src=x onerror=alert(1)> text [1]`;
    const html = await renderDocumentHtml({ content, brand: BRANDS.navy as DocumentBrand, agency, client });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('Growth &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(
      '&lt;img src=x onerror=alert(1)&gt; text<sup class="cite"><a href="#source-1">1</a></sup>',
    );

    const rendered = await renderDocumentPdf({
      content,
      brand: BRANDS.navy as DocumentBrand,
      agency,
      client,
    });
    const { text } = await extractText(rendered.pdf.slice(), { mergePages: true });
    expect(text).toContain('Growth <script>alert(1)</script>');
  }, 120_000);

  it('rejects unsafe logo and cover URLs', async () => {
    const html = await renderDocumentHtml({
      content: sampleContent(),
      brand: {
        ...(BRANDS.navy as DocumentBrand),
        logo_url: 'javascript:alert(1)',
        cover_image_url: 'file:///etc/passwd',
      },
      agency,
    });
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('file:');
  });
});
