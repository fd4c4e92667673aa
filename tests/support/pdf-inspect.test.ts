/**
 * The inspection helpers catch what they promise to: a kept block that does split, text that a
 * page clips, a number broken over lines, low contrast, stray words, non-embedded fonts.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { fontFaceCss } from '../../shared/pdf/fonts.ts';
import { renderPdf } from '../../shared/pdf/render-pdf.ts';
import {
  auditLayout,
  keptBlocks,
  missingText,
  PdfText,
  pageMarginsPx,
  pdfFonts,
  pdfWords,
  wordsOutside,
} from './pdf-inspect.ts';

const metadata = { title: 'Inspect', author: 'Northwind Strategy' };
const filler = 'Paragraph text that fills the page so the callout lands on the page break. '.repeat(6);

/** Most of a page of paragraphs, then a callout that straddles the break unless kept whole. */
async function documentWithCallout(keep: boolean): Promise<string> {
  const lines = [
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
  ];
  return `<!doctype html><html><head><style>${await fontFaceCss()}
    @page { size: letter; margin: 1in; }
    body { font: 11pt/1.5 'Inter'; }
    aside p { margin: 0; }
    ${keep ? '[data-keep] { break-inside: avoid; }' : ''}
  </style></head><body>
    ${`<p>${filler}</p>`.repeat(5)}
    <aside data-keep="callout"><p>Callout title for the inspection test</p>
    ${[...lines, ...lines].map((line) => `<p>Callout line ${line} keeps going.</p>`).join('')}
    <p>Last words of the callout</p></aside>
  </body></html>`;
}

afterAll(closeBrowser);

describe('keptBlocks', () => {
  it('reports a data-keep block split across pages, and none once CSS keeps it whole', async () => {
    const split = await renderPdf(await documentWithCallout(false), { metadata });
    const splitReport = keptBlocks(await documentWithCallout(false), new PdfText(await pdfWords(split.pdf)));
    expect(splitReport.unlocated).toEqual([]);
    expect(splitReport.split).toEqual([
      expect.objectContaining({ kind: 'callout', firstPage: 1, lastPage: 2 }),
    ]);

    const kept = await renderPdf(await documentWithCallout(true), { metadata });
    const keptReport = keptBlocks(await documentWithCallout(true), new PdfText(await pdfWords(kept.pdf)));
    expect(keptReport.split).toEqual([]);
    expect(keptReport.blocks).toEqual([
      expect.objectContaining({ kind: 'callout', firstPage: 2, lastPage: 2 }),
    ]);
    // Its text is found even across the page break of the split version.
    expect(
      missingText(
        ['Callout title for the inspection test', 'Last words of the callout'],
        new PdfText(await pdfWords(split.pdf)),
      ),
    ).toEqual([]);
    expect(missingText(['Words that were never printed'], new PdfText(await pdfWords(kept.pdf)))).toEqual([
      'Words that were never printed',
    ]);
  }, 60_000);
});

describe('auditLayout', () => {
  it('finds clipped and spilling text, numbers broken over lines and low contrast', async () => {
    const html = `<!doctype html><html><head><style>${await fontFaceCss()}
      body { font: 11pt 'Inter'; overflow-wrap: normal; }
      .narrow { display: flex; width: 1in; } .narrow span { flex: 0 1 0.2in; overflow-wrap: anywhere; }
    </style></head><body>
      <section><p>${'Unbreakable'.repeat(12)}</p></section>
      <section><table data-keep="table"><tr><td style="width: 1in; max-width: 1in; overflow: hidden">${'x'.repeat(80)}</td></tr></table></section>
      <section><div class="narrow"><span>2026</span><span>label</span></div></section>
      <section><p style="color: #aaaaaa">Pale grey text on white</p><p style="color: #ffffff; background: #1f3a5f">Readable</p></section>
    </body></html>`;
    const audit = await auditLayout(html, {
      pageWidthPx: 816,
      marginsPx: pageMarginsPx('@page { margin: 1in; }'),
    });
    expect(audit.overflowing.map((item) => item.box)).toEqual(['page', 'td']);
    expect(audit.brokenWords.map((item) => item.text)).toContain('2026');
    expect(audit.lowContrast).toEqual([
      expect.objectContaining({
        text: 'Pale grey text on white',
        color: '#aaaaaa',
        background: '#ffffff',
        required: 4.5,
      }),
    ]);
  }, 30_000);

  it('reads the default page margins from the last @page rule that sets them', () => {
    const css =
      '@page { margin: 0.95in 0.9in 0.9in; @top-left { margin: 0; } } @page bleed { margin: 0; } @page { margin: 1in 72pt 1in 0.5in; }';
    expect(pageMarginsPx(css)).toEqual({ left: 48, right: 96 });
  });
});

describe('pdfWords and pdfFonts', () => {
  it('report words off the page and fonts that are not embedded', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([612, 792]);
    page.drawText('Inside', { font, x: 72, y: 700, size: 12 });
    page.drawText('Overflowing', { font, x: 580, y: 400, size: 12 });
    page.drawText('Descending', { font, x: 100, y: 2, size: 12 });
    const pdf = await doc.save();
    const pages = await pdfWords(pdf);
    expect(pages).toEqual([expect.objectContaining({ number: 1, width: 612, height: 792 })]);
    // pdftotext keeps only what is on the page: the overflowing word arrives cut at the edge.
    expect(wordsOutside(pages).map((word) => word.text)).toEqual(['Overfl', 'Descending']);
    expect(wordsOutside(pages, 80).map((word) => word.text)).toEqual(['Inside', 'Overfl', 'Descending']);
    expect(await pdfFonts(pdf)).toEqual([
      { name: 'Helvetica', type: 'Type 1', embedded: false, subset: false, unicode: false },
    ]);
  });
});
