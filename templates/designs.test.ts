/**
 * Every PDF design of the catalogue: its manifest matches the catalogue, it is its own stylesheet rather than a recoloured twin, text
 * on brand colours meets WCAG AA, and the sample content rendered in a dark and a near-white brand
 * passes the quality review with a table of contents that matches the pages.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { extractText } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { contrastRatio, WCAG_AA_NORMAL } from '../shared/branding/colors.ts';
import { SAMPLE_AGENCY, SAMPLE_CLIENT, sampleContent } from '../shared/content/sample-content.ts';
import { closeBrowser } from '../shared/pdf/browser.ts';
import {
  type DocumentBrand,
  documentColors,
  loadTemplate,
  renderDocumentHtml,
  renderDocumentPdf,
} from '../shared/pdf/render-document.ts';
import { expectationsFromContent, reviewPdf } from '../shared/quality/review-pdf.ts';
import { TEMPLATE_CATALOGUE } from '../shared/seed/catalogue.ts';

const BRANDS: Record<string, DocumentBrand> = {
  navy: { color_accent_1: '#14213d', color_accent_2: '#2a6f97', color_accent_3: '#e0a100' },
  'near-white yellow': { color_accent_1: '#fdfbf2', color_accent_2: '#f5c400', color_accent_3: '#ffe566' },
};
const agency = SAMPLE_AGENCY;
const client = SAMPLE_CLIENT;

afterAll(closeBrowser);

describe.each(TEMPLATE_CATALOGUE)('$code template', ({ code, max_sections, is_premium }) => {
  it('declares the PRD capabilities of its catalogue row', async () => {
    const { manifest } = await loadTemplate(code);
    expect(manifest).toMatchObject({
      code,
      tier: is_premium ? 'premium' : 'all',
      capabilities: {
        supports_charts: true,
        supports_statistics: true,
        supports_quotes: true,
        supports_tables: true,
        callout_types: ['tip', 'warning', 'note', 'example'],
        max_sections,
      },
    });
  });

  it('uses only colour properties documentColors provides or the stylesheets define', async () => {
    const { styles } = await loadTemplate(code);
    const css = String(styles);
    const provided = new Set(Object.keys(documentColors(BRANDS.navy as DocumentBrand)));
    const defined = new Set([...css.matchAll(/--([a-z0-9-]+)\s*:/g)].map((match) => match[1] as string));
    for (const [, name] of css.matchAll(/var\(--([a-z0-9-]+)/g)) {
      expect(provided.has(name as string) || defined.has(name as string), `--${name}`).toBe(true);
    }
  });

  it('renders its own stylesheet (a design, not a recoloured twin)', async () => {
    const html = await renderDocumentHtml({
      content: sampleContent(),
      brand: BRANDS.navy as DocumentBrand,
      agency,
      client,
      template: code,
    });
    expect(html).toContain(`class="template-${code}"`);
    expect(html).toContain(`.template-${code} `);
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
      const background = fill.startsWith('#') ? fill : (colors[fill] as string);
      expect(contrastRatio(colors[text] as string, background), `${text} on ${fill}`).toBeGreaterThanOrEqual(
        WCAG_AA_NORMAL - 0.05,
      );
    }
  });

  it.each(Object.entries(BRANDS))(
    'renders the sample content in the %s brand and passes the quality review',
    async (name, brand) => {
      const content = sampleContent();
      const rendered = await renderDocumentPdf({ content, brand, agency, client, template: code });
      if (process.env.RENDER_OUT) {
        await mkdir(process.env.RENDER_OUT, { recursive: true });
        await writeFile(`${process.env.RENDER_OUT}/${code}-${name.replace(/\W+/g, '-')}.pdf`, rendered.pdf);
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
      // Citations link to the numbered sources on the sources page.
      for (const source of content.sources) {
        expect(rendered.destinations.get(`source-${source.id}`)).toBe(rendered.destinations.get('sources'));
      }
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
