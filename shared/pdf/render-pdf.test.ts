import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { extractText } from 'unpdf';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleContent } from '../content/sample-content.ts';
import { closeBrowser, getBrowser } from './browser.ts';
import { fontFaceCss, fontFaceCssFor, uncoveredCharacters } from './fonts.ts';
import { renderDocumentPdf } from './render-document.ts';
import { readPdfInfo, renderPdf, renderPdfWithToc, tocNumbers } from './render-pdf.ts';

const brand = { color_accent_1: '#14213d', color_accent_2: '#2a6f97', color_accent_3: '#e0a100' };
const agency = { name: 'Northwind Strategy', email: 'hello@northwind.example.com' };

/** FontName of every font descriptor in the PDF (works with compressed object streams). */
function embeddedFonts(doc: PDFDocument): string[] {
  const names: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('FontDescriptor')) {
      const file = ['FontFile', 'FontFile2', 'FontFile3'].some((key) => object.has(PDFName.of(key)));
      if (file) names.push(String(object.get(PDFName.of('FontName'))).replace(/^\/[A-Z]{6}\+/, ''));
    }
  }
  return names.sort();
}

afterAll(closeBrowser);

describe('fonts', () => {
  it('inlines latin woff2 faces as data URLs, once per process', async () => {
    const css = await fontFaceCss();
    expect(css).toContain("font-family: 'Inter'");
    expect(css).toContain("font-family: 'Source Serif 4'");
    expect(css).not.toMatch(/url\((?!data:font\/woff2;base64,)/);
    expect(css.match(/@font-face/g)?.length).toBe(2 * (3 + 6)); // 2 subsets × (Inter 3 + Serif 3×2)
    expect(fontFaceCss()).toBe(fontFaceCss());
  });

  it('adds the Greek, Cyrillic or Vietnamese subsets only for text that needs them', async () => {
    expect(await fontFaceCssFor('Crème brûlée, Zürich, Łódź')).toBe(await fontFaceCss());
    const greek = await fontFaceCssFor('Αθήνα');
    // Inter and Source Serif 4 both have a Greek subset: one more face per weight and style.
    expect(greek.match(/@font-face/g)?.length).toBe(3 * (3 + 6));
    expect(await fontFaceCssFor('Київ')).not.toBe(greek);
    expect(await uncoveredCharacters('Αθήνα Київ Việt Crème')).toEqual([]);
    expect(await uncoveredCharacters('市場 and العربية 🙂')).toEqual([
      '市',
      '場',
      'ا',
      'ل',
      'ع',
      'ر',
      'ب',
      'ي',
      'ة',
      '🙂',
    ]);
  });
});

describe('tocNumbers', () => {
  const page = (numbers: string[], extra = '') =>
    `<ol>${numbers.map((n, i) => `<li><a href="#s${i}">S${i}<span class="toc-page" data-toc-for="s${i}">${n}</span></a></li>`).join('')}</ol>${extra}`;

  it('lists the new texts of data-toc-for elements when nothing else changed', () => {
    expect(tocNumbers(page(['00', '00']), page(['3', '12']))).toEqual([
      { id: 's0', text: '3' },
      { id: 's1', text: '12' },
    ]);
  });

  it('refuses anything else: other changes, markup or entities in a number, no such elements', () => {
    expect(tocNumbers(page(['00', '00']), page(['3', '12'], '<p>moved</p>'))).toBeUndefined();
    expect(tocNumbers(page(['00', '00']), page(['3']))).toBeUndefined();
    expect(tocNumbers(page(['00', '00']), page(['3', '<b>12</b>']))).toBeUndefined();
    expect(tocNumbers(page(['00', '00']), page(['3', '&amp;']))).toBeUndefined();
    expect(tocNumbers('<p>00</p>', '<p>3</p>')).toBeUndefined();
  });
});

describe('renderPdf', () => {
  it('renders a document to a letter PDF with metadata, fonts, outline and real TOC page numbers', async () => {
    const content = sampleContent();
    content.title = 'The State of B2B Content <script>alert(1)</script>';
    const first = content.sections[0];
    if (first) first.title = `${first.title} "><img src=x onerror=alert(1)>`;
    const result = await renderDocumentPdf(
      { content, brand, agency, client: { name: 'Contoso Ltd' } },
      {
        metadata: {
          title: content.title,
          author: agency.name,
          subject: 'Sample report',
          keywords: ['content', 'research'],
          language: 'en-US',
          date: new Date('2026-11-01T00:00:00Z'),
        },
      },
    );
    expect(result.pageCount).toBeGreaterThan(4);
    expect(result.passes).toBe(2);

    const info = await readPdfInfo(result.pdf);
    expect(info).toMatchObject({
      pageCount: result.pageCount,
      title: content.title,
      author: 'Northwind Strategy',
      subject: 'Sample report',
      keywords: 'content research',
      creator: 'Content Strategist',
      pageSize: { width: 612, height: 792 },
    });
    // Cover is page 1, contents page 2, the summary page 3, then every section starts a page.
    const pages = content.sections.map((section) => info.destinations.get(`section-${section.number}`) ?? 0);
    expect(info.destinations.get('summary')).toBe(3);
    expect(pages[0]).toBeGreaterThan(3);
    for (const [n, page] of pages.entries()) {
      if (n > 0) expect(page).toBeGreaterThan(pages[n - 1] ?? 0);
      expect(result.html).toContain(`data-toc-for="section-${n + 1}">${page}</span>`);
    }
    // The printed contents page (numbers written into the laid-out page) says the same.
    const { text: printed } = await extractText(result.pdf.slice(), { mergePages: false });
    const contents = (printed[1] ?? '').replace(/\s+/g, ' ');
    for (const [n, section] of content.sections.entries()) {
      const title = section.title.replace(/"><img.*$/, '').slice(0, 30);
      expect(contents).toMatch(
        new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*? ${pages[n]}\\b`),
      );
    }
    // Content stayed text: nothing it carried became markup.
    expect(result.html).not.toMatch(/<script|<img src=x/i);
    expect(result.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    // Running header (title) and footer (agency, page x of y) on body pages; none on the cover.
    const { text } = await extractText(result.pdf.slice(), { mergePages: false });
    expect(text[0]).not.toMatch(/Page \d+ of/);
    expect(text[3]).toContain('The State of B2B Content <script>alert(1)</script>');
    expect(text[3]).toContain(`© 2026 ${agency.name}`);
    expect(text[3]).toContain(`Page 4 of ${result.pageCount}`);

    const doc = await PDFDocument.load(result.pdf);
    expect(embeddedFonts(doc)).toEqual(
      expect.arrayContaining([
        'Inter-Bold',
        'Inter-Regular',
        'Inter-SemiBold',
        'SourceSerif4-Regular',
        'SourceSerif4-Italic',
      ]),
    );
    expect(doc.catalog.has(PDFName.of('Outlines'))).toBe(true);
    expect(doc.catalog.has(PDFName.of('StructTreeRoot'))).toBe(true);
  }, 60_000);

  it('loads the next pass when more than the TOC numbers changed, and settles moved headings', async () => {
    const fonts = await fontFaceCss();
    // The contents grow with the numbers filled in (a line per entry), pushing the headings down.
    const build = (pages: ReadonlyMap<string, number> | null) => {
      const filler = pages ? '<p>x</p>'.repeat(60) : '';
      const toc = ['a', 'b']
        .map((id) => `<a href="#${id}">${id}</a> <span data-toc-for="${id}">${pages?.get(id) ?? '00'}</span>`)
        .join('');
      return `<!doctype html><style>${fonts} body { font-family: Inter } h1 { break-before: page }</style>${toc}${filler}<h1 id="a">A</h1><h1 id="b">B</h1>`;
    };
    const result = await renderPdfWithToc(build, { metadata: { title: 'Moves', author: 'Agency' } });
    expect(result.passes).toBe(3);
    const a = result.destinations.get('a') ?? 0;
    expect(a).toBeGreaterThan(2);
    expect(result.destinations.get('b')).toBe(a + 1);
    expect(result.html).toContain(`<span data-toc-for="a">${a}</span>`);
    const { text } = await extractText(result.pdf.slice(), { mergePages: true });
    expect(text).toMatch(new RegExp(`a ${a}\\s*b ${a + 1}`));
  });

  it('reuses pages: nothing of one render reaches the next, a failed render does not break the next', async () => {
    const fonts = await fontFaceCss();
    const metadata = { title: 'Pool', author: 'Agency' };
    const doc = (text: string) =>
      `<!doctype html><style>${fonts}</style><p style="font-family: Inter">${text}</p>`;
    await renderPdf(doc('Tenant A report'), { metadata });
    await expect(
      renderPdfWithToc(
        (pages) => {
          if (pages) throw new Error('layout failed');
          return doc('Tenant A draft');
        },
        { metadata },
      ),
    ).rejects.toThrow('layout failed');
    for (let i = 0; i < 3; i++) {
      const { pdf } = await renderPdf(doc(`Tenant B ${i}`), { metadata });
      const { text } = await extractText(pdf.slice(), { mergePages: true });
      expect(text).toContain(`Tenant B ${i}`);
      expect(text).not.toContain('Tenant A');
    }
    // Idle pages are bounded (the browser's own blank page + at most two pooled ones).
    expect((await (await getBrowser()).pages()).length).toBeLessThanOrEqual(3);
  });

  it('relaunches a crashed browser; a remote image (blocked offline) does not stall the render', async () => {
    const before = await getBrowser();
    before.process()?.kill('SIGKILL');
    await new Promise((resolve) => before.once('disconnected', resolve));
    const html = `<!doctype html><style>${await fontFaceCss()}</style><p style="font-family: Inter">Hi</p><img src="http://127.0.0.1:9/x.png">`;
    const result = await renderPdf(html, { metadata: { title: 'Crash', author: 'Agency' } });
    expect(result.pageCount).toBe(1);
    expect(await getBrowser()).not.toBe(before);
  });

  it('prints text whose font only the print layout needs (a Greek running header)', async () => {
    const content = sampleContent();
    content.title = 'Στρατηγική AI για την Αθήνα';
    const result = await renderDocumentPdf({ content, brand, agency, template: 'CORPORATE_04' });
    const { text } = await extractText(result.pdf.slice(), { mergePages: false });
    expect(text[3]).toContain('Στρατηγική AI για την Αθήνα');
  }, 60_000);
});
