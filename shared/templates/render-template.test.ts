import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { extractText } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleContent } from '../content/sample-content.ts';
import { closeBrowser } from '../pdf/browser.ts';
import { renderTemplatePdf } from './render-template.ts';

afterAll(() => closeBrowser());

const brand = { color_accent_1: '#14213d', color_accent_2: '#2a6f97', color_accent_3: '#e0a100' };
const agency = { name: 'Northwind Strategy' };

/** Base names of the fonts embedded in `pdf` (subset tags dropped). */
async function embeddedFonts(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf);
  const names = new Set<string>();
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('FontDescriptor')) {
      names.add(String(object.get(PDFName.of('FontName'))).replace(/^\/[A-Z]{6}\+/, ''));
    }
  }
  return [...names].sort();
}

describe('renderTemplatePdf (admin markup)', () => {
  it('embeds the font subsets its text needs: Greek and Cyrillic print in the template fonts', async () => {
    const content = sampleContent();
    content.title = 'Στρατηγική για την Αθήνα';
    content.subtitle = 'Стратегия для Киева';
    const markup = [
      '<!doctype html><html><head><style>{{ styles | raw }}</style></head><body>',
      '<h1 class="custom-title">{{ doc.title }}</h1><p class="custom-subtitle">{{ doc.subtitle }}</p>',
      "{% render 'base/components/toc', toc: toc, toc_pages: toc_pages %}",
      "{% for section in doc.sections %}{% render 'base/components/section', section: section %}{% endfor %}",
      '</body></html>',
    ].join('\n');
    const rendered = await renderTemplatePdf(
      {
        code: 'CUSTOM_01',
        name: 'Custom',
        html_template: markup,
        css_template:
          ".custom-title { font-family: 'Inter' } .custom-subtitle { font-family: 'Source Serif 4' }",
      },
      { content, brand, agency },
    );
    const { text } = await extractText(rendered.pdf.slice(), { mergePages: true });
    expect(text).toContain('Στρατηγική για την Αθήνα');
    expect(text).toContain('Стратегия для Киева');
    // No system fallback font drew the Greek or Cyrillic glyphs.
    for (const name of await embeddedFonts(rendered.pdf)) expect(name).toMatch(/^(Inter|SourceSerif4)-/);
    // The contents of admin markup get real page numbers too.
    const first = rendered.destinations.get('section-1');
    expect(first).toBeGreaterThan(1);
    expect(rendered.html).toContain(`data-toc-for="section-1">${first}</span>`);
  }, 60_000);
});
