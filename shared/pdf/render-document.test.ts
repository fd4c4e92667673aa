import { mkdir, writeFile } from 'node:fs/promises';
import { extractText } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { contrastRatio, WCAG_AA_NORMAL } from '../branding/colors.ts';
import { sampleContent } from '../content/sample-content.ts';
import { expectationsFromContent, reviewPdf } from '../quality/review-pdf.ts';
import { closeBrowser } from './browser.ts';
import {
  type DocumentBrand,
  documentColors,
  loadTemplate,
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

describe('EXEC_01 manifest', () => {
  it('declares the PRD capabilities', async () => {
    const { manifest } = await loadTemplate('EXEC_01');
    expect(manifest).toMatchObject({
      code: 'EXEC_01',
      capabilities: {
        supports_charts: true,
        supports_statistics: true,
        supports_quotes: true,
        supports_tables: true,
        callout_types: ['tip', 'warning', 'note', 'example'],
        max_sections: 12,
      },
    });
  });
});

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

describe('renderDocumentPdf (EXEC_01)', () => {
  it.each(Object.entries(BRANDS))(
    'renders the sample content in the %s brand and passes the quality review',
    async (name, brand) => {
      const content = sampleContent();
      const rendered = await renderDocumentPdf({ content, brand, agency, client, template: 'EXEC_01' });
      if (process.env.RENDER_OUT) {
        await mkdir(process.env.RENDER_OUT, { recursive: true });
        await writeFile(`${process.env.RENDER_OUT}/${name.replace(/\W+/g, '-')}.pdf`, rendered.pdf);
      }
      const review = await reviewPdf(
        rendered.pdf,
        expectationsFromContent(content, { author: agency.name, fontFamilies: ['Inter', 'SourceSerif4'] }),
      );
      expect(review.issues).toEqual([]);
      expect(review.warnings).toEqual([]);
      expect(review.passed).toBe(true);

      // The table of contents shows the page every entry landed on.
      const ids = ['summary', ...content.sections.map((s) => `section-${s.number}`), 'conclusion', 'sources'];
      for (const id of ids) {
        const printed = rendered.html.match(new RegExp(`data-toc-for="${id}">(\\d+)<`))?.[1];
        expect(Number(printed), id).toBe(rendered.destinations.get(id));
      }
      // Every section starts on its own page, after the cover and contents.
      expect(rendered.destinations.get('summary')).toBe(3);
      // Citations link to the numbered sources on the sources page.
      const sourcesPage = rendered.destinations.get('sources');
      for (const source of content.sources) {
        expect(rendered.destinations.get(`source-${source.id}`)).toBe(sourcesPage);
      }
      // Cover and back page carry no running header/footer.
      const { text } = await extractText(rendered.pdf.slice(), { mergePages: false });
      expect(text[0]).not.toMatch(/Page 1 of/);
      expect(text.at(-1)).not.toMatch(/Page \d+ of/);
      expect(text.at(-1)).toContain('hello@northwind.example.com');
      expect(text[1]).toMatch(new RegExp(`Page 2 of ${rendered.pageCount}`));
      expect(text[0]).toContain('Contoso Ltd');
    },
    120_000,
  );

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
