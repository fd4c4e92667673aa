import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { contrastRatio, WCAG_AA_NORMAL } from '../../shared/branding/colors.ts';
import { sampleContent } from '../../shared/content/sample-content.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import {
  type DocumentBrand,
  documentColors,
  loadTemplate,
  renderDocumentHtml,
  renderDocumentPdf,
} from '../../shared/pdf/render-document.ts';
import { expectationsFromContent, reviewPdf } from '../../shared/quality/review-pdf.ts';

const CODE = 'CORPORATE_04';
const MAX_SECTIONS = 12;
const TIER = 'all';

const BRANDS: Record<string, DocumentBrand> = {
  navy: { color_accent_1: '#14213d', color_accent_2: '#2a6f97', color_accent_3: '#e0a100' },
  'near-white yellow': { color_accent_1: '#fdfbf2', color_accent_2: '#f5c400', color_accent_3: '#ffe566' },
};
const agency = {
  name: 'Northwind Strategy',
  website: 'https://northwind.example.com',
  email: 'hello@northwind.example.com',
  phone: '+1 555 0100',
};
const client = { name: 'Contoso Ltd' };

afterAll(closeBrowser);

describe(`${CODE} template`, () => {
  it('declares the PRD capabilities', async () => {
    const { manifest } = await loadTemplate(CODE);
    expect(manifest).toMatchObject({
      code: CODE,
      tier: TIER,
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

  it('styles only with colour properties documentColors provides', async () => {
    const { styles } = await loadTemplate(CODE);
    const provided = new Set(Object.keys(documentColors(BRANDS.navy as DocumentBrand)));
    const own = new Set(['page-margin-x', 'font-sans', 'font-serif', 'font-body', 'font-head']);
    const callout = new Set(['callout-bar', 'callout-fill', 'callout-ink']);
    const used = [...String(styles).matchAll(/var\(--([a-z0-9-]+)\)/g)].map((m) => m[1] as string);
    for (const name of used)
      expect(provided.has(name) || own.has(name) || callout.has(name), name).toBe(true);
  });

  it('renders its own stylesheet (a design, not a recoloured twin)', async () => {
    const html = await renderDocumentHtml({
      content: sampleContent(),
      brand: BRANDS.navy as DocumentBrand,
      agency,
      client,
      template: CODE,
    });
    expect(html).toContain(`class="template-${CODE}"`);
    expect(html).toContain(`.template-${CODE} .chapter-head`);
  });

  it.each(Object.entries(BRANDS))('keeps brand text pairs at WCAG AA (%s)', (_, brand) => {
    const colors = documentColors(brand);
    for (const [text, fill] of [
      ['primary-text', 'primary'],
      ['cover-text', 'cover-start'],
      ['back-text', 'back-fill'],
      ['brand', '#ffffff'],
      ['brand-2', '#ffffff'],
      ['muted', '#ffffff'],
    ] as const) {
      const bg = fill.startsWith('#') ? fill : (colors[fill] as string);
      expect(contrastRatio(colors[text] as string, bg), `${text} on ${fill}`).toBeGreaterThanOrEqual(
        WCAG_AA_NORMAL - 0.05,
      );
    }
  });

  it.each(Object.entries(BRANDS))(
    'renders the sample content in the %s brand and passes the quality review',
    async (name, brand) => {
      const content = sampleContent();
      const rendered = await renderDocumentPdf({ content, brand, agency, client, template: CODE });
      if (process.env.RENDER_OUT) {
        await mkdir(process.env.RENDER_OUT, { recursive: true });
        await writeFile(
          `${process.env.RENDER_OUT}/${CODE.toLowerCase()}-${name.replace(/\W+/g, '-')}.pdf`,
          rendered.pdf,
        );
      }
      const review = await reviewPdf(
        rendered.pdf,
        expectationsFromContent(content, { author: agency.name, fontFamilies: ['Inter', 'SourceSerif4'] }),
      );
      expect(review.issues).toEqual([]);
      expect(review.warnings).toEqual([]);
      expect(review.passed).toBe(true);
      const ids = ['summary', ...content.sections.map((s) => `section-${s.number}`), 'conclusion', 'sources'];
      for (const id of ids) {
        const printed = rendered.html.match(new RegExp(`data-toc-for="${id}">(\\d+)<`))?.[1];
        expect(Number(printed), id).toBe(rendered.destinations.get(id));
      }
      expect(rendered.destinations.get('summary')).toBe(3);
    },
    120_000,
  );
});
