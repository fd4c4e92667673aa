import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleContent } from '../content/sample-content.ts';
import { type BaseDocument, renderBaseDocumentPdf } from '../pdf/base-document.ts';
import { closeBrowser } from '../pdf/browser.ts';
import { renderPdf } from '../pdf/render-pdf.ts';
import {
  expectationsFromContent,
  type QualityExpectations,
  type QualityReview,
  reviewPdf,
} from './review-pdf.ts';

const paragraph =
  'Agencies that publish original research see compounding returns: 73% of buyers forward it, deals close 3.5x faster and pipeline grows by $1.2M a year. ';

const titles = [
  'Market context',
  'What leaders do differently',
  'Where to start',
  'Conclusion: what to do next',
];

function sampleDoc(overrides: Partial<BaseDocument> = {}): BaseDocument {
  return {
    title: 'The State of B2B Content',
    subtitle: 'What 400 marketing leaders said about research-led thought leadership',
    agency: 'Northwind Strategy',
    preparedFor: 'Contoso Ltd',
    date: 'November 2026',
    sections: titles.map((label, i) => ({
      id: `sec-${i + 1}`,
      label,
      paragraphs: Array.from({ length: 5 + i * 2 }, () => paragraph.repeat(3)),
      callout: {
        kind: 'tip' as const,
        text: 'One actionable insight per section. Crème brûlée, naïve, Zürich.',
      },
      quote: { text: 'Research is the only content our buyers forward to their boss.', attribution: 'CMO' },
    })),
    ...overrides,
  };
}

const expected: QualityExpectations = {
  title: 'The State of B2B Content',
  author: 'Northwind Strategy',
  sectionTitles: titles.slice(0, 3),
  conclusionTitle: titles[3],
  statisticValues: ['73%', '3.5x', '$1.2M'],
  chartCount: 0,
  fontFamilies: ['Inter', 'SourceSerif4'],
};

const codes = (review: QualityReview, kind: 'issues' | 'warnings') =>
  review[kind].map((finding) => finding.code);

let good: Uint8Array;

beforeAll(async () => {
  good = (await renderBaseDocumentPdf(sampleDoc())).pdf;
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
      section_count_found: 4,
      statistics_found: 3,
      charts_expected: 0,
      has_outline: true,
      tagged: true,
      metadata: { title: 'The State of B2B Content', author: 'Northwind Strategy' },
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
    expect(review.metrics.section_count_found).toBe(4);
  });

  it('reports missing statistics, title and chart titles with their severities', async () => {
    const review = await reviewPdf(good, {
      ...expected,
      title: 'Another title',
      statisticValues: ['73%', '41%'],
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
    const doc = sampleDoc();
    const broken = sampleDoc({
      sections: doc.sections.map((section, i) =>
        i === 1
          ? {
              ...section,
              paragraphs: [...section.paragraphs, 'Revenue grew by {{ x }} while churn was NaN.'],
            }
          : section,
      ),
    });
    const { pdf } = await renderBaseDocumentPdf(broken);
    const review = await reviewPdf(pdf, expected);
    expect(review.passed).toBe(false);
    expect(codes(review, 'issues')).toEqual(['template_syntax', 'literal_placeholder']);
    expect(review.issues[0]?.message).toContain('{{ x }}');

    const quoted = await reviewPdf(pdf, {
      ...expected,
      contentText: 'Revenue grew by {{ x }} while churn was NaN.',
    });
    expect(quoted.issues).toEqual([]);
  }, 60_000);

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
