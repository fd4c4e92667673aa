import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentContent } from '../content/document-content.ts';
import { sampleContent } from '../content/sample-content.ts';
import { closeBrowser } from '../pdf/browser.ts';
import { renderDocumentPdf } from '../pdf/render-document.ts';
import { renderPdf } from '../pdf/render-pdf.ts';
import {
  expectationsFromContent,
  type QualityExpectations,
  type QualityReview,
  reviewPdf,
} from './review-pdf.ts';

/** Mentions every statistic value of the sample content. */
const paragraph =
  'Adoption reached 73% of firms; starting small made success 2.4x more likely, data work took 60% of the time, savings reached $1.2M and releases came after 12 weeks. ';

const agency = { name: 'Northwind Strategy' };
const brand = { color_accent_1: '#14213d', color_accent_2: '#2a6f97', color_accent_3: '#e0a100' };

function render(content: DocumentContent) {
  return renderDocumentPdf({ content, brand, agency, client: { name: 'Contoso Ltd' } });
}

const content = sampleContent();
const expected: QualityExpectations = expectationsFromContent(content, {
  author: agency.name,
  fontFamilies: ['Inter', 'SourceSerif4'],
});

const codes = (review: QualityReview, kind: 'issues' | 'warnings') =>
  review[kind].map((finding) => finding.code);

let good: Uint8Array;

beforeAll(async () => {
  good = (await render(content)).pdf;
}, 60_000);
afterAll(closeBrowser);

describe('reviewPdf', () => {
  it('passes a good document and reports its metrics', async () => {
    const review = await reviewPdf(good, expected);
    expect(review.issues).toEqual([]);
    expect(review.passed).toBe(true);
    // The PRD's 100 KB floor dates from WeasyPrint; subset fonts keep ours smaller.
    expect(codes(review, 'warnings')).toEqual([]);
    expect(review.metrics).toMatchObject({
      file_size_bytes: good.byteLength,
      section_count_found: content.sections.length + 1,
      statistics_found: content.statistics.length,
      charts_expected: content.charts.length,
      has_outline: true,
      tagged: true,
      metadata: { title: content.title, author: 'Northwind Strategy' },
    });
    expect(review.metrics.page_count).toBeGreaterThanOrEqual(4);
    expect(review.metrics.word_count).toBeGreaterThan(1000);
    expect(review.metrics.fonts_embedded.length).toBeGreaterThan(0);
    expect(review.metrics.fonts_embedded.every((name) => /^(Inter|SourceSerif4)/.test(name))).toBe(true);
  });

  it('reports a section title that is not in the PDF', async () => {
    const review = await reviewPdf(good, {
      ...expected,
      sectionTitles: [...expected.sectionTitles, 'Pricing models'],
    });
    expect(review.passed).toBe(false);
    expect(review.issues).toEqual([
      { code: 'missing_section', message: 'Section "Pricing models" does not appear in the PDF' },
    ]);
    expect(review.metrics.section_count_found).toBe(content.sections.length + 1);
  });

  it('reports missing statistics, title and chart titles with their severities', async () => {
    const review = await reviewPdf(good, {
      ...expected,
      title: 'Another title',
      statisticValues: ['73%', '47%'],
      chartTitles: ['Adoption by year'],
      chartCount: 1,
    });
    expect(codes(review, 'issues')).toEqual(['missing_title', 'missing_statistic']);
    expect(codes(review, 'warnings')).toEqual(
      expect.arrayContaining(['few_statistics', 'missing_chart', 'metadata_title_mismatch']),
    );
    expect(review.metrics).toMatchObject({ statistics_found: 1, charts_expected: 1 });
  });

  it('reports leftover template syntax and stringified values, unless the content has them', async () => {
    const broken = sampleContent();
    broken.sections[1]?.paragraphs.push('Revenue grew by {{ x }} while churn was NaN.');
    const { pdf } = await render(broken);
    // Expectations without the content's text: as if a template had printed these itself.
    const review = await reviewPdf(pdf, { ...expected, contentText: undefined });
    expect(review.passed).toBe(false);
    expect(codes(review, 'issues')).toEqual(['template_syntax', 'literal_placeholder']);
    expect(review.issues[0]?.message).toContain('{{ x }}');

    const quoted = await reviewPdf(pdf, {
      ...expected,
      contentText: 'Revenue grew by {{ x }} while churn was NaN.',
    });
    expect(quoted.issues).toEqual([]);
  }, 60_000);

  it('reports markup and HTML entities printed as text, unless the content has them', async () => {
    const html = `<!doctype html><html><body><h1>Escaped twice</h1><p>Growth &amp;amp; scale</p><p>&lt;b&gt;bold&lt;/b&gt;</p></body></html>`;
    const { pdf } = await renderPdf(html, { metadata: { title: 'Markup', author: 'Northwind Strategy' } });
    const review = await reviewPdf(pdf, { sectionTitles: [] });
    expect(review.issues.filter((finding) => finding.code === 'raw_markup').map((f) => f.message)).toEqual([
      'Markup in the PDF text (page 1): "aped twice Growth &amp; scale <b>bold</b>"',
      'An HTML entity in the PDF text (page 1): "Escaped twice Growth &amp; scale <b>bold</b>"',
    ]);
    const quoted = await reviewPdf(pdf, { sectionTitles: [], contentText: 'Growth &amp; scale <b>bold</b>' });
    expect(codes(quoted, 'issues')).not.toContain('raw_markup');
  });

  it('reports content characters that no embedded font has', async () => {
    const review = await reviewPdf(good, { ...expected, contentText: `${expected.contentText} 市場調査 🙂` });
    expect(review.issues).toEqual([
      {
        code: 'uncovered_characters',
        message: 'No embedded font has 5 character(s) of the content: 市 場 調 査 🙂',
      },
    ]);
  });

  it('reports missing title and author metadata', async () => {
    const doc = await PDFDocument.load(good, { updateMetadata: false });
    doc.setTitle('');
    doc.setAuthor('');
    const review = await reviewPdf(await doc.save(), expected);
    expect(review.passed).toBe(false);
    expect(codes(review, 'issues')).toEqual(['missing_metadata_title', 'missing_metadata_author']);
    expect(review.metrics.metadata).toEqual({ title: null, author: null });
  });

  it('warns when the document is too short for its expected length (and too long)', async () => {
    const titles = [...expected.sectionTitles, expected.conclusionTitle];
    const html = `<!doctype html><html><body>${titles
      .map((title) => `<h1>${title}</h1><p>${paragraph}</p>`)
      .join('')}</body></html>`;
    const { pdf, pageCount } = await renderPdf(html, {
      metadata: { title: 'Short', author: 'Northwind Strategy' },
    });
    expect(pageCount).toBe(1);
    const review = await reviewPdf(pdf, { ...expected, title: undefined, fontFamilies: undefined });
    expect(review.passed).toBe(true);
    expect(review.warnings).toContainEqual({
      code: 'page_count_low',
      message: 'Document is shorter than expected (1 < 4 pages)',
    });
    expect(review.metrics.page_count).toBe(1);

    const long = await reviewPdf(good, { ...expected, pages: { min: 1, max: 2 } });
    expect(codes(long, 'warnings')).toContain('page_count_high');
  }, 30_000);

  it('reports fonts that are not embedded, few sections and a missing conclusion', async () => {
    const doc = await PDFDocument.create();
    doc.setTitle('Plain');
    doc.setAuthor('Northwind Strategy');
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage().drawText('Only one section here', { font, x: 50, y: 700 });
    const review = await reviewPdf(await doc.save(), {
      sectionTitles: ['Only one section here'],
      fontFamilies: ['Inter'],
    });
    expect(codes(review, 'issues')).toEqual(['insufficient_sections', 'font_not_embedded']);
    expect(codes(review, 'warnings')).toEqual(
      expect.arrayContaining([
        'page_count_low',
        'file_too_small',
        'missing_conclusion',
        'few_statistics',
        'no_outline',
        'not_tagged',
      ]),
    );
    expect(review.metrics).toMatchObject({ fonts_embedded: [], has_outline: false, tagged: false });
  });

  it('warns about a page left nearly empty before a section starts, and only then', async () => {
    // Parts start on a new page under a running header and footer, as in the templates.
    const page = (body: string) => `<section style="break-before: page">${body}</section>`;
    const filler = `<p>${paragraph.repeat(12)}</p>`;
    const document = (leftover: string, last = '') =>
      `<!doctype html><html><head><style>
        @page { size: letter; margin: 0.9in; @top-left { content: "Running title"; }
          @bottom-right { content: "Page " counter(page) " of " counter(pages); } }
        body { font: 11pt/1.5 sans-serif; margin: 0; }</style></head><body>
        ${page(`<h1>First part</h1>${filler}`)}${page(leftover)}${page(`<h1>Second part</h1>${filler}`)}${page(last)}
        </body></html>`;
    const review = async (html: string) => {
      const { pdf } = await renderPdf(html, { metadata: { title: 'Layout', author: 'Northwind Strategy' } });
      return reviewPdf(pdf, { sectionTitles: ['First part', 'Second part'] });
    };
    const tip = '<aside><b>Pro tip</b><p>Pick a process whose owner is eager to change it.</p></aside>';

    const lone = await review(document(tip));
    expect(lone.warnings.filter((finding) => finding.code === 'lone_trailing_page')).toEqual([
      {
        code: 'lone_trailing_page',
        message: expect.stringMatching(
          /^Page 2 is nearly empty \(text fills \d% of it\) before the next section starts: "Pro tip Pick a process/,
        ),
      },
    ]);
    // A fuller page, or a short one that no section follows, is fine.
    const fuller = await review(document(`${tip}<p>${paragraph.repeat(3)}</p>`, tip));
    expect(codes(fuller, 'warnings')).not.toContain('lone_trailing_page');
  }, 30_000);

  it('reports an unreadable PDF instead of throwing', async () => {
    const review = await reviewPdf(new TextEncoder().encode('not a pdf'), expected);
    expect(review.passed).toBe(false);
    expect(codes(review, 'issues')).toEqual(['pdf_unreadable']);
    expect(review.metrics.file_size_bytes).toBe(9);
  });
});

describe('expectationsFromContent', () => {
  it('derives titles, statistic values and charts from content JSON', () => {
    const SAMPLE_CONTENT = sampleContent();
    const expectations = expectationsFromContent(SAMPLE_CONTENT, { author: 'Northwind Strategy' });
    expect(expectations.title).toBe(SAMPLE_CONTENT.title);
    expect(expectations.sectionTitles).toEqual(SAMPLE_CONTENT.sections.map((section) => section.title));
    expect(expectations.conclusionTitle).toBe(SAMPLE_CONTENT.conclusion.title);
    expect(expectations.statisticValues).toEqual(
      SAMPLE_CONTENT.statistics.map((statistic) => statistic.value),
    );
    expect(expectations.chartCount).toBe(SAMPLE_CONTENT.charts.length);
    expect(expectations.contentText).toContain(SAMPLE_CONTENT.summary);
  });
});
