/**
 * MINIMAL_02 Minimal Modern: manifest capabilities, and the sample content rendered in a dark and a
 * near-white brand passes the quality review with a table of contents that matches the pages.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { extractText } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleContent } from '../../shared/content/sample-content.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { type DocumentBrand, loadTemplate, renderDocumentPdf } from '../../shared/pdf/render-document.ts';
import { expectationsFromContent, reviewPdf } from '../../shared/quality/review-pdf.ts';

const CODE = 'MINIMAL_02';
const MAX_SECTIONS = 8;

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

describe(`${CODE} manifest`, () => {
  it('declares the PRD capabilities', async () => {
    const { manifest } = await loadTemplate(CODE);
    expect(manifest).toMatchObject({
      code: CODE,
      capabilities: {
        supports_charts: true,
        supports_statistics: true,
        supports_quotes: true,
        supports_tables: true,
        callout_types: ['tip', 'warning', 'note', 'example'],
        max_sections: MAX_SECTIONS,
      },
    });
  });
});

describe(`renderDocumentPdf (${CODE})`, () => {
  it.each(Object.entries(BRANDS))(
    'renders the sample content in the %s brand and passes the quality review',
    async (name, brand) => {
      const content = sampleContent();
      const rendered = await renderDocumentPdf({ content, brand, agency, client, template: CODE });
      if (process.env.RENDER_OUT) {
        await mkdir(process.env.RENDER_OUT, { recursive: true });
        await writeFile(`${process.env.RENDER_OUT}/${CODE}-${name.replace(/\W+/g, '-')}.pdf`, rendered.pdf);
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
      expect(rendered.destinations.get('summary')).toBe(3);
      // Cover and back page carry no running header/footer; the cover names the client.
      const { text } = await extractText(rendered.pdf.slice(), { mergePages: false });
      expect(text[0]).not.toMatch(/Page 1 of/);
      expect(text[0]).toContain('Contoso Ltd');
      expect(text.at(-1)).not.toMatch(/Page \d+ of/);
      expect(text.at(-1)).toContain('hello@northwind.example.com');
      expect(text[1]).toMatch(new RegExp(`Page 2 of ${rendered.pageCount}`));
    },
    120_000,
  );
});
