/**
 * The template matrix (issue 5): every design × four brands (light, dark, saturated, near-white)
 * on one document that combines every content edge case, and every design × each edge case on
 * its own (navy brand); content variants come from `matrix-content.ts`, validated by the content
 * schema. Each PDF is read back (tests/support/pdf-inspect.ts) and must be a valid letter-size PDF
 * with every font embedded and from the design's families; no text off the page or within a
 * quarter inch of its edge; no text clipped, spilling out of its box, broken mid-number or below
 * WCAG AA contrast; no callout, figure, quote or statistic split across pages; no page left
 * nearly empty before a section starts (a closing callout alone on its page: the edge case
 * 'sections closing with a quote and a tip' has one in every design without the keep rule in
 * templates/base/document.css); all content printed; no template syntax, markup or entity in the text other than the content's own (printed
 * literally); and a clean quality review. Characters no embedded font has (CJK, Arabic) are not
 * rendered with a machine font silently: the quality review reports them. One browser renders all.
 */
import { afterAll, describe, type ExpectStatic, expect, it } from 'vitest';
import type { DocumentContent } from '../shared/content/document-content.ts';
import { SAMPLE_AGENCY, SAMPLE_CLIENT } from '../shared/content/sample-content.ts';
import { closeBrowser } from '../shared/pdf/browser.ts';
import { type DocumentBrand, loadTemplate, renderDocumentPdf } from '../shared/pdf/render-document.ts';
import { readPdfInfo } from '../shared/pdf/render-pdf.ts';
import { expectationsFromContent, type QualityCode, reviewPdf } from '../shared/quality/review-pdf.ts';
import { TEMPLATE_CATALOGUE } from '../shared/seed/catalogue.ts';
import {
  auditLayout,
  keptBlocks,
  missingText,
  PdfText,
  pageMarginsPx,
  pageTexts,
  pdfFonts,
  pdfWords,
  wordsOutside,
} from '../tests/support/pdf-inspect.ts';
import { EDGE_CASES, HOSTILE, stressContent, variant } from './matrix-content.ts';

const BRANDS: Record<string, DocumentBrand> = {
  light: { color_accent_1: '#8ecae6', color_accent_2: '#b5e48c', color_accent_3: '#ffd6a5' },
  dark: {
    color_accent_1: '#0b132b',
    color_accent_2: '#1c2541',
    color_accent_3: '#3a506b',
    footer_text: 'Northwind Strategy · Vertraulich · Конфиденциально',
  },
  // Brand settings are agency input too: the footer is printed, never interpreted.
  saturated: {
    color_accent_1: '#ff0055',
    color_accent_2: '#00e5ff',
    color_accent_3: '#ffea00',
    footer_text: `Northwind ${HOSTILE.style} {{ agency.name }}`,
  },
  'near-white': { color_accent_1: '#fbfbf8', color_accent_2: '#f2f2ee', color_accent_3: '#eef8ff' },
};
const NAVY: DocumentBrand = {
  color_accent_1: '#14213d',
  color_accent_2: '#2a6f97',
  color_accent_3: '#e0a100',
};

const agency = SAMPLE_AGENCY;
const client = SAMPLE_CLIENT;
const LETTER = { width: 612, height: 792 };
/** Printers clip the paper's outer quarter inch. */
const SAFE_EDGE_PT = 18;

/** Content fields the templates print (ids, enums, dates, chart units and descriptions are not). */
const UNPRINTED = new Set([
  'id',
  'type',
  'display_type',
  'color_category',
  'source_url',
  'description',
  'unit',
  'language',
  'generated_at',
  'accessed_at',
  'published_at',
  'statistic_ids',
  'chart_ids',
  'quote_ids',
  'table_ids',
]);

function printedStrings(value: unknown, key = '', out: string[] = []): string[] {
  if (UNPRINTED.has(key)) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) printedStrings(item, key, out);
  else if (value && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) printedStrings(item, name, out);
  }
  return out;
}

/** Template syntax, markup and HTML entities, as they would show in extracted text. */
const LEFTOVERS = /\{\{|\}\}|\{%|%\}|<\/?[a-z][a-z0-9-]*[\s>/]|&(?:[a-z]{2,8}|#\d{1,6}|#x[0-9a-f]{1,6});/i;
/** Every literal the hostile content and brands carry, whitespace removed. */
const HOSTILE_LITERALS = [
  ...Object.values(HOSTILE).flatMap((literal) => literal.match(/<[^>]*>|\{[{%][^}]*[}%]\}|&[^;\s]+;/g) ?? []),
  '<scrip',
  '</aside>',
  '</svg>',
  '<i>',
  '</i>',
  '{{ agency.name }}',
].map((literal) => literal.replace(/\s+/g, '').toLowerCase());

/**
 * Renders `content` and asserts everything the matrix promises with `expect` (the test's own:
 * tests run concurrently); returns the PDF's text, whitespace removed and lower-cased.
 */
async function renderAndCheck(
  expect: ExpectStatic,
  code: string,
  brand: DocumentBrand,
  content: DocumentContent,
  options: { readonly warnings?: readonly QualityCode[] } = {},
): Promise<string> {
  const rendered = await renderDocumentPdf({ content, brand, agency, client, template: code });
  const { styles } = await loadTemplate(code);
  const [pages, fonts, info, audit, review] = await Promise.all([
    pdfWords(rendered.pdf),
    pdfFonts(rendered.pdf),
    readPdfInfo(rendered.pdf),
    auditLayout(rendered.html, { pageWidthPx: 816, marginsPx: pageMarginsPx(String(styles)) }),
    reviewPdf(
      rendered.pdf,
      expectationsFromContent(content, {
        author: agency.name,
        fontFamilies: ['Inter', 'SourceSerif4'],
        pages: { min: 4, max: 40 },
      }),
    ),
  ]);

  // A valid letter-size PDF, every page.
  expect(info.pageCount).toBe(rendered.pageCount);
  expect(pages).toHaveLength(rendered.pageCount);
  for (const page of pages)
    expect({ width: page.width, height: page.height }, `page ${page.number}`).toEqual(LETTER);

  // Every font embedded, and only the design's families (no fallback for a missing glyph).
  expect(fonts.length).toBeGreaterThan(0);
  expect(fonts.filter((font) => !font.embedded || !/^(Inter|SourceSerif4)-/.test(font.name))).toEqual([]);

  // No text off the page or in the printer's margin; none clipped, spilling or hard to read.
  expect(wordsOutside(pages, 0)).toEqual([]);
  expect(wordsOutside(pages, SAFE_EDGE_PT)).toEqual([]);
  expect(audit.overflowing).toEqual([]);
  expect(audit.lowContrast).toEqual([]);
  expect(audit.brokenWords).toEqual([]);

  // Callouts, figures, quotes and statistic cards each on one page, and all content printed.
  const footer = brand.footer_text ?? `© 2026 ${agency.name}`;
  const text = new PdfText(pages, `${content.title} ${footer} Page 00 of 00`);
  const kept = keptBlocks(rendered.html, text);
  expect(kept.unlocated).toEqual([]);
  expect(kept.split).toEqual([]);
  expect(kept.blocks.length).toBeGreaterThan(0);
  expect(missingText(printedStrings(content), text)).toEqual([]);

  // The content's own template syntax and markup are printed literally; nothing else is there.
  // Case-folded: designs set labels in capitals (`text-transform`).
  const squashed = pageTexts(pages).join(' ').replace(/\s+/g, '').toLowerCase();
  // The running header shortens a long title with an ellipsis, possibly inside a literal.
  const shortened = HOSTILE_LITERALS.flatMap((literal) =>
    Array.from({ length: literal.length - 1 }, (_, i) => `${literal.slice(0, i + 1)}…`),
  );
  const rest = [...HOSTILE_LITERALS, ...shortened].reduce(
    (left, literal) => left.split(literal).join(' '),
    squashed,
  );
  const leftover = LEFTOVERS.exec(rest);
  expect(leftover && rest.slice(Math.max(0, leftover.index - 40), leftover.index + 40)).toBeNull();

  // The product's own quality review agrees, and finds no page left nearly empty.
  expect(review.issues).toEqual([]);
  expect(review.warnings.filter((warning) => warning.code === 'lone_trailing_page')).toEqual([]);
  expect(review.warnings.map((warning) => warning.code)).toEqual(options.warnings ?? []);
  return squashed;
}

afterAll(closeBrowser);

// Renders of one design run side by side: the browser prints one page while poppler and pdf.js
// read another PDF back.
describe.concurrent.each(TEMPLATE_CATALOGUE)('$code', ({ code, max_sections }) => {
  it.for(Object.keys(BRANDS))(
    'renders the combined edge-case document in the %s brand',
    { timeout: 60_000 },
    async (name, { expect }) => {
      await renderAndCheck(expect, code, BRANDS[name] as DocumentBrand, stressContent(max_sections));
    },
  );

  it.for(EDGE_CASES)(
    'renders content with $name',
    { timeout: 60_000 },
    async ({ name, build }, { expect }) => {
      const content = build(max_sections);
      const text = await renderAndCheck(expect, code, NAVY, content, {
        warnings: content.statistics.length < 3 ? ['few_statistics'] : [],
      });
      if (name.startsWith('markup')) {
        for (const literal of HOSTILE_LITERALS.filter((literal) => !literal.includes('agency'))) {
          expect(text, literal).toContain(literal);
        }
      }
    },
  );

  it.runIf(max_sections < 10)('refuses more sections than its manifest allows', async ({ expect }) => {
    const content = EDGE_CASES.find((edge) => edge.name === 'ten sections')?.build(12) as DocumentContent;
    await expect(renderDocumentPdf({ content, brand: NAVY, agency, template: code })).rejects.toThrow(
      `takes at most ${max_sections} sections`,
    );
  });
});

describe('scripts the embedded fonts do not cover', () => {
  it('are reported by the quality review instead of silently rendering in a machine font', async () => {
    const content = variant((draft) => {
      const section = draft.sections[0];
      if (section) section.paragraphs.push('市場調査の結果 (market research results) and العربية.');
    });
    const rendered = await renderDocumentPdf({ content, brand: NAVY, agency, client });
    const review = await reviewPdf(rendered.pdf, expectationsFromContent(content, { author: agency.name }));
    expect(review.passed).toBe(false);
    expect(review.issues.map((finding) => finding.code)).toEqual(['uncovered_characters']);
    expect(review.issues[0]?.message).toContain('市');
  }, 60_000);
});
