import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { type BaseDocument, renderBaseDocumentPdf } from './base-document.ts';
import { closeBrowser, getBrowser } from './browser.ts';
import { fontFaceCss } from './fonts.ts';
import { readPdfInfo, renderPdf } from './render-pdf.ts';
import { trusted } from './templating.ts';

const paragraph =
  'Agencies that publish original research see compounding returns: each report feeds sales conversations, earned media and search results for months. ';

const sample: BaseDocument = {
  title: 'The State of B2B Content <script>alert(1)</script>',
  subtitle: 'What 400 marketing leaders said about "research-led" thought leadership',
  agency: 'Northwind Strategy',
  preparedFor: 'Contoso Ltd',
  date: 'November 2026',
  sections: ['Market context', 'What leaders do differently', 'Where to start'].map((label, i) => ({
    id: `sec-${i + 1}`,
    label: `${label} "><img src=x onerror=alert(1)>`,
    paragraphs: Array.from({ length: 4 + i * 4 }, () => paragraph.repeat(3)),
    callout: {
      kind: 'tip' as const,
      text: 'One actionable insight per section. Crème brûlée, naïve, Zürich.',
    },
    quote: { text: 'Research is the only content our buyers forward to their boss.', attribution: 'CMO' },
    figure: {
      html: trusted('<svg width="240" height="80"><rect width="240" height="80" fill="#1f3a5f"/></svg>'),
    },
  })),
};

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
});

describe('renderPdf', () => {
  it('renders the base layout to a letter PDF with metadata, fonts and real TOC page numbers', async () => {
    const result = await renderBaseDocumentPdf(sample, {
      metadata: {
        title: sample.title,
        author: sample.agency,
        subject: 'Sample report',
        keywords: ['content', 'research'],
        language: 'en-US',
        date: new Date('2026-11-01T00:00:00Z'),
      },
    });
    expect(result.pageCount).toBeGreaterThan(4);
    expect(result.passes).toBe(2);

    const info = await readPdfInfo(result.pdf);
    expect(info).toMatchObject({
      pageCount: result.pageCount,
      title: sample.title,
      author: 'Northwind Strategy',
      subject: 'Sample report',
      keywords: 'content research',
      creator: 'Content Strategist',
      pageSize: { width: 612, height: 792 },
    });
    // Cover is page 1, contents page 2, every section starts a page.
    const pages = [1, 2, 3].map((n) => info.destinations.get(`sec-${n}`) ?? 0);
    expect(pages[0]).toBe(3);
    expect(pages[1]).toBeGreaterThan(pages[0] ?? 0);
    expect(pages[2]).toBeGreaterThan(pages[1] ?? 0);
    for (const [n, page] of pages.entries()) {
      expect(result.html).toContain(`data-toc-for="sec-${n + 1}">${page}</span>`);
    }
    // Content stayed text: nothing it carried became markup.
    expect(result.html).not.toMatch(/<script|<img/i);
    expect(result.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

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
});
