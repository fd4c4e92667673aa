/**
 * Quality review of a rendered PDF (PRD §7.2.12, pipeline step 12): the PDF is read back — text
 * with unpdf (pdf.js; pdf-lib cannot extract text), structure and metadata with pdf-lib — and
 * checked against what the content promised. Findings that make the document unfit to deliver are
 * `issues` (`passed` is false when there is any); findings a person should look at are `warnings`.
 *
 * PRD severities are kept: page count outside 4–15 → warning, file < 100 KB → warning,
 * > 50 MB → issue, missing title → issue, fewer than 3 sections → issue, missing conclusion →
 * warning, fewer than 3 statistics → warning. Checks the PRD's WeasyPrint sketch could not make on
 * the PDF itself are added: every section title and statistic value present in the text, no
 * leftover template syntax, markup or HTML entities, or `undefined`/`NaN`/`[object Object]`,
 * title/author metadata, fonts embedded (and only the expected families), no content character
 * that the embedded fonts lack (CJK, Arabic, emoji: they would render differently on every
 * machine), outline and tagging; and pages left nearly empty before a section starts (a part's
 * closing block that did not fit, alone on its page: `lone_trailing_page`), from where the text
 * sits on each page.
 */
import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFName, type PDFObject, PDFRef } from 'pdf-lib';
import { extractTextItems, type StructuredTextItem } from 'unpdf';
import type { DocumentContent } from '../content/document-content.ts';
import { uncoveredCharacters } from '../pdf/fonts.ts';

/** PRD §7.2.12 thresholds. */
export const QUALITY_LIMITS = {
  pages: { min: 4, max: 15 },
  /**
   * Below this the review warns ("unusually small"). The PRD's 100 KB assumed WeasyPrint output;
   * Chromium embeds font subsets, so a good five-page document is ~20 KB, and only an empty or
   * broken render falls under 10 KB.
   */
  minFileBytes: 10_000,
  /** Above this the PDF is rejected. */
  maxFileBytes: 50_000_000,
  minSections: 3,
  minStatistics: 3,
  /**
   * A page whose text spans less than this share of the content area and that is followed by a
   * section start is a part's leftover alone on its page → warning. A lone callout or quote fills
   * 4–10%, a spilled line 2%; a closing subsection (heading, paragraph and its callout) ~15%, which
   * reads as a short page, not a stray block.
   */
  minPageFill: 0.12,
} as const;

export type QualityCode =
  | 'pdf_unreadable'
  | 'no_text'
  | 'page_count_low'
  | 'page_count_high'
  | 'file_too_small'
  | 'file_too_large'
  | 'missing_title'
  | 'missing_section'
  | 'insufficient_sections'
  | 'missing_conclusion'
  | 'missing_statistic'
  | 'few_statistics'
  | 'missing_chart'
  | 'template_syntax'
  | 'raw_markup'
  | 'literal_placeholder'
  | 'literal_null'
  | 'missing_metadata_title'
  | 'missing_metadata_author'
  | 'metadata_title_mismatch'
  | 'metadata_author_mismatch'
  | 'font_not_embedded'
  | 'font_fallback'
  | 'uncovered_characters'
  | 'no_outline'
  | 'not_tagged'
  | 'lone_trailing_page';

export interface QualityFinding {
  readonly code: QualityCode;
  readonly message: string;
}

export interface QualityMetrics {
  readonly page_count: number;
  readonly file_size_bytes: number;
  readonly word_count: number;
  /** Expected section titles (sections + conclusion) found in the text. */
  readonly section_count_found: number;
  /** Expected statistic values found in the text. */
  readonly statistics_found: number;
  readonly charts_expected: number;
  /** Names of the embedded fonts, subset prefix removed, sorted, unique. */
  readonly fonts_embedded: readonly string[];
  readonly has_outline: boolean;
  readonly tagged: boolean;
  readonly metadata: { readonly title: string | null; readonly author: string | null };
}

export interface QualityReview {
  readonly passed: boolean;
  readonly issues: readonly QualityFinding[];
  readonly warnings: readonly QualityFinding[];
  readonly metrics: QualityMetrics;
}

/** What the document should contain; {@link expectationsFromContent} derives it from content JSON. */
export interface QualityExpectations {
  /** Document title: must appear in the text; the PDF title metadata should equal it. */
  readonly title?: string;
  /** The agency: the PDF author metadata should equal it. */
  readonly author?: string;
  /** Titles of the body sections, in order; each must appear in the text. */
  readonly sectionTitles: readonly string[];
  /** Title of the conclusion; a warning when absent (PRD). */
  readonly conclusionTitle?: string;
  /** Statistic values exactly as written ("73%", "$1.2M"); each must appear in the text. */
  readonly statisticValues?: readonly string[];
  /** Chart titles; a missing one is a warning (a chart title may be drawn as paths). */
  readonly chartTitles?: readonly string[];
  /** Number of charts the content has (reported; defaults to `chartTitles.length`). */
  readonly chartCount?: number;
  /** Expected page range (default PRD 4–15). */
  readonly pages?: { readonly min: number; readonly max: number };
  /**
   * Font families the design embeds (prefix match on the PDF font name without spaces, e.g.
   * `Inter`, `SourceSerif4`); any other embedded font is a fallback Chromium picked → warning.
   */
  readonly fontFamilies?: readonly string[];
  /**
   * All text of the content: a literal (`{{`, `undefined`, `null`, …) that the content itself
   * contains is the author's text, not a rendering bug, and is not flagged.
   */
  readonly contentText?: string;
}

/** Expectations for a document rendered from validated content JSON (PRD §4.2.7). */
export function expectationsFromContent(
  content: DocumentContent,
  options: {
    readonly author?: string;
    readonly fontFamilies?: readonly string[];
    readonly pages?: { min: number; max: number };
  } = {},
): QualityExpectations {
  return {
    title: content.title,
    author: options.author,
    sectionTitles: content.sections.map((section) => section.title),
    conclusionTitle: content.conclusion.title,
    statisticValues: content.statistics.map((statistic) => statistic.value),
    chartTitles: content.charts.map((chart) => chart.title),
    chartCount: content.charts.length,
    pages: options.pages,
    fontFamilies: options.fontFamilies,
    contentText: collectStrings(content).join('\n'),
  };
}

function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, out);
  else if (value && typeof value === 'object')
    for (const item of Object.values(value)) collectStrings(item, out);
  return out;
}

/** Reads the PDF back and reviews it; never throws for a bad PDF (reports `pdf_unreadable`). */
export async function reviewPdf(pdf: Uint8Array, expected: QualityExpectations): Promise<QualityReview> {
  const issues: QualityFinding[] = [];
  const warnings: QualityFinding[] = [];
  const issue = (code: QualityCode, message: string) => issues.push({ code, message });
  const warn = (code: QualityCode, message: string) => warnings.push({ code, message });
  const statisticValues = expected.statisticValues ?? [];
  const chartCount = expected.chartCount ?? expected.chartTitles?.length ?? 0;

  let doc: PDFDocument;
  let items: StructuredTextItem[][];
  try {
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
    // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    items = (await extractTextItems(pdf.slice())).items;
  } catch (error) {
    issue(
      'pdf_unreadable',
      `The PDF could not be read: ${error instanceof Error ? error.message : String(error)}`,
    );
    return {
      passed: false,
      issues,
      warnings,
      metrics: {
        page_count: 0,
        file_size_bytes: pdf.byteLength,
        word_count: 0,
        section_count_found: 0,
        statistics_found: 0,
        charts_expected: chartCount,
        fonts_embedded: [],
        has_outline: false,
        tagged: false,
        metadata: { title: null, author: null },
      },
    };
  }

  const pageCount = doc.getPageCount();
  // Each page's text as unpdf's `extractText` joins it.
  const pages = items.map((page) => page.map((item) => item.str + (item.hasEOL ? '\n' : '')).join(''));
  const rawText = pages.join('\n');
  const haystack = new Haystack(rawText);
  const words = rawText.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;

  // Size and length (PRD).
  const range = expected.pages ?? QUALITY_LIMITS.pages;
  if (pageCount < range.min) {
    warn('page_count_low', `Document is shorter than expected (${pageCount} < ${range.min} pages)`);
  } else if (pageCount > range.max) {
    warn('page_count_high', `Document is longer than expected (${pageCount} > ${range.max} pages)`);
  }
  if (pdf.byteLength > QUALITY_LIMITS.maxFileBytes) {
    issue('file_too_large', `PDF file size ${pdf.byteLength} bytes exceeds the maximum (50 MB)`);
  } else if (pdf.byteLength < QUALITY_LIMITS.minFileBytes) {
    warn(
      'file_too_small',
      `PDF file size is unusually small (${pdf.byteLength} bytes < ${QUALITY_LIMITS.minFileBytes} bytes)`,
    );
  }
  if (pageCount > 0 && words === 0) {
    issue('no_text', 'The PDF has no extractable text (fonts missing when it was rendered?)');
  }

  // Completeness.
  if (expected.title !== undefined && (!expected.title.trim() || !haystack.has(expected.title))) {
    issue('missing_title', `Missing document title${expected.title.trim() ? `: "${expected.title}"` : ''}`);
  }
  let sectionsFound = 0;
  for (const title of expected.sectionTitles) {
    if (haystack.has(title)) sectionsFound++;
    else issue('missing_section', `Section "${title}" does not appear in the PDF`);
  }
  if (sectionsFound < QUALITY_LIMITS.minSections) {
    issue(
      'insufficient_sections',
      `Insufficient content sections (${sectionsFound} found, at least ${QUALITY_LIMITS.minSections} needed)`,
    );
  }
  if (expected.conclusionTitle === undefined || !expected.conclusionTitle.trim()) {
    warn('missing_conclusion', 'Missing conclusion section');
  } else if (haystack.has(expected.conclusionTitle)) {
    sectionsFound++;
  } else {
    warn('missing_conclusion', `Conclusion "${expected.conclusionTitle}" does not appear in the PDF`);
  }
  let statisticsFound = 0;
  for (const value of statisticValues) {
    if (haystack.has(value)) statisticsFound++;
    else issue('missing_statistic', `Statistic value "${value}" does not appear in the PDF`);
  }
  if (statisticValues.length < QUALITY_LIMITS.minStatistics) {
    warn(
      'few_statistics',
      `Few statistics included (${statisticValues.length} < ${QUALITY_LIMITS.minStatistics})`,
    );
  }
  for (const title of expected.chartTitles ?? []) {
    if (!haystack.has(title)) warn('missing_chart', `Chart "${title}" does not appear in the PDF text`);
  }

  // Layout: a page nearly empty before a section starts.
  const partTitles = [...expected.sectionTitles, expected.conclusionTitle ?? ''].filter((t) => t.trim());
  for (const lone of lonePages(doc, items, partTitles)) {
    warn(
      'lone_trailing_page',
      `Page ${lone.page} is nearly empty (text fills ${Math.round(lone.fill * 100)}% of it) before the next section starts: "${lone.excerpt}"`,
    );
  }

  // Rendering leftovers: template syntax and stringified JS values.
  const content = expected.contentText ?? '';
  const leftovers: { pattern: RegExp; code: QualityCode; severe: boolean; what: string }[] = [
    { pattern: /\{\{|\}\}|\{%|%\}/, code: 'template_syntax', severe: true, what: 'Leftover template syntax' },
    // Markup or entities printed as text: a template escaping twice, or markup it did not close.
    { pattern: /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/i, code: 'raw_markup', severe: true, what: 'Markup' },
    {
      pattern: /&(?:[a-z]{2,8}|#\d{1,6}|#x[0-9a-f]{1,6});/i,
      code: 'raw_markup',
      severe: true,
      what: 'An HTML entity',
    },
    { pattern: /\bundefined\b/, code: 'literal_placeholder', severe: true, what: 'Literal "undefined"' },
    { pattern: /\bNaN\b/, code: 'literal_placeholder', severe: true, what: 'Literal "NaN"' },
    {
      pattern: /\[object Object\]/,
      code: 'literal_placeholder',
      severe: true,
      what: 'Literal "[object Object]"',
    },
    // "null" is also an English word ("null hypothesis"): a warning, not a failure.
    { pattern: /\bnull\b/, code: 'literal_null', severe: false, what: 'Literal "null"' },
  ];
  for (const { pattern, code, severe, what } of leftovers) {
    const match = pattern.exec(rawText);
    if (!match || pattern.test(content)) continue;
    const message = `${what} in the PDF text (page ${pageOf(pages, pattern)}): "${excerpt(rawText, match.index)}"`;
    if (severe) issue(code, message);
    else warn(code, message);
  }

  // Metadata.
  const title = doc.getTitle()?.trim() || null;
  const author = doc.getAuthor()?.trim() || null;
  if (!title) issue('missing_metadata_title', 'The PDF has no title in its metadata');
  else if (expected.title !== undefined && normalize(title) !== normalize(expected.title)) {
    warn('metadata_title_mismatch', `PDF title metadata "${title}" differs from the document title`);
  }
  if (!author) issue('missing_metadata_author', 'The PDF has no author (agency) in its metadata');
  else if (expected.author !== undefined && normalize(author) !== normalize(expected.author)) {
    warn('metadata_author_mismatch', `PDF author metadata "${author}" differs from "${expected.author}"`);
  }

  // Fonts.
  const fonts = readFonts(doc);
  for (const name of fonts.notEmbedded) issue('font_not_embedded', `Font "${name}" is not embedded`);
  const families = (expected.fontFamilies ?? []).map((family) => family.replace(/\s+/g, '').toLowerCase());
  if (families.length) {
    for (const name of fonts.embedded) {
      const plain = name.replace(/\s+/g, '').toLowerCase();
      if (!families.some((family) => plain.startsWith(family))) {
        warn(
          'font_fallback',
          `Font "${name}" is not one of the design's fonts (a fallback for missing glyphs?)`,
        );
      }
    }
  }

  // Characters no embedded font has: drawn with whatever font the machine has (not at all on
  // Lambda, which has none), so the PDF would differ from machine to machine.
  const uncovered = await uncoveredCharacters(content);
  if (uncovered.length) {
    issue(
      'uncovered_characters',
      `No embedded font has ${uncovered.length} character(s) of the content: ${uncovered.slice(0, 12).join(' ')}`,
    );
  }

  // Structure.
  const hasOutline = readHasOutline(doc);
  const tagged = readTagged(doc);
  if (!hasOutline) warn('no_outline', 'The PDF has no outline (bookmarks)');
  if (!tagged) warn('not_tagged', 'The PDF is not tagged (no accessibility structure)');

  return {
    passed: issues.length === 0,
    issues,
    warnings,
    metrics: {
      page_count: pageCount,
      file_size_bytes: pdf.byteLength,
      word_count: words,
      section_count_found: sectionsFound,
      statistics_found: statisticsFound,
      charts_expected: chartCount,
      fonts_embedded: fonts.embedded,
      has_outline: hasOutline,
      tagged,
      metadata: { title, author },
    },
  };
}

/** Text within this distance of the top or bottom edge may be a running header or footer. */
const RUNNING_BAND_PT = 90;
/** The content area of a page: its height less typical top and bottom margins (0.9in each). */
const MARGINS_PT = 130;

interface TextBox {
  readonly str: string;
  readonly top: number;
  readonly bottom: number;
}

/**
 * Pages (1-based) whose body text spans less than {@link QUALITY_LIMITS.minPageFill} of the content
 * area and that are followed by a page that opens a part (one of `partTitles` near its top), while
 * not opening one themselves: a closing block that did not fit, alone on its page. Running headers
 * and footers are left out: lines at the same height near the page edge on at least half the pages.
 */
function lonePages(
  doc: PDFDocument,
  items: readonly StructuredTextItem[][],
  partTitles: readonly string[],
): { page: number; fill: number; excerpt: string }[] {
  const heights = doc.getPages().map((page) => page.getHeight());
  const boxes: TextBox[][] = items.map((page, i) =>
    page
      .filter((item) => item.str.trim())
      // pdf.js gives the baseline from the bottom; boxes here run top-down.
      .map((item) => ({
        str: item.str,
        top: (heights[i] ?? 0) - item.y - item.height,
        bottom: (heights[i] ?? 0) - item.y,
      })),
  );
  const lineKey = (box: TextBox) => Math.round(box.bottom);
  const seen = new Map<number, number>();
  for (const page of boxes)
    for (const key of new Set(page.map(lineKey))) seen.set(key, (seen.get(key) ?? 0) + 1);
  const running = (box: TextBox, height: number) =>
    (box.bottom < RUNNING_BAND_PT || box.top > height - RUNNING_BAND_PT) &&
    (seen.get(lineKey(box)) ?? 0) >= Math.max(2, boxes.length / 2);
  const body = boxes.map((page, i) => page.filter((box) => !running(box, heights[i] ?? 0)));
  const opensPart = (page: readonly TextBox[]) => {
    if (!page.length) return false;
    // A part's title sits in the top third of its first page.
    const limit = Math.min(...page.map((box) => box.top)) + (heights[0] ?? 792) / 3;
    const head = new Haystack(
      page
        .filter((box) => box.top < limit)
        .map((box) => box.str)
        .join(' '),
    );
    return partTitles.some((title) => head.has(title));
  };
  const lone: { page: number; fill: number; excerpt: string }[] = [];
  for (let i = 0; i + 1 < body.length; i++) {
    const page = body[i] ?? [];
    if (!page.length || opensPart(page) || !opensPart(body[i + 1] ?? [])) continue;
    const span = Math.max(...page.map((box) => box.bottom)) - Math.min(...page.map((box) => box.top));
    const fill = span / ((heights[i] ?? 0) - MARGINS_PT);
    if (fill < QUALITY_LIMITS.minPageFill) {
      lone.push({ page: i + 1, fill, excerpt: excerpt(page.map((box) => box.str).join(' '), 0) });
    }
  }
  return lone;
}

/**
 * Text as extracted, searchable for phrases regardless of case, line breaks, ligatures, typographic
 * quotes and dashes, and letter-spacing (which can make pdf.js split a word into letters).
 */
class Haystack {
  private readonly spaced: string;
  private readonly compact: string;
  constructor(text: string) {
    this.spaced = ` ${normalize(text)} `;
    this.compact = compact(text);
  }
  has(phrase: string): boolean {
    const needle = normalize(phrase);
    if (!needle) return false;
    return this.spaced.includes(needle) || this.compact.includes(compact(phrase));
  }
}

function normalize(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(/\u00ad/g, '') // soft hyphen
      // pdf.js may read a typographic apostrophe back as U+02BC when the font draws both alike.
      .replace(/[\u2018\u2019\u201a\u2032\u02bc]/g, "'")
      .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
      .toLowerCase()
  );
}

function compact(text: string): string {
  // Also joins words hyphenated at a line break ("mar-\nket").
  return normalize(text.replace(/-\s*\n\s*/g, '')).replace(/\s+/g, '');
}

function excerpt(text: string, index: number): string {
  return text
    .slice(Math.max(0, index - 30), index + 40)
    .replace(/\s+/g, ' ')
    .trim();
}

function pageOf(pages: readonly string[], pattern: RegExp): number {
  const index = pages.findIndex((page) => pattern.test(page));
  return index + 1;
}

function deref(doc: PDFDocument, object: PDFObject | undefined): PDFObject | undefined {
  return object instanceof PDFRef ? doc.context.lookup(object) : object;
}

function dictOf(doc: PDFDocument, object: PDFObject | undefined): PDFDict | undefined {
  const value = deref(doc, object);
  return value instanceof PDFDict ? value : undefined;
}

/** Every font dictionary: embedded (FontFile/2/3 in its descriptor) or not. Type 3 fonts are glyph programs in the PDF. */
function readFonts(doc: PDFDocument): { embedded: string[]; notEmbedded: string[] } {
  const embedded = new Set<string>();
  const notEmbedded = new Set<string>();
  const name = (font: PDFDict) =>
    (font.get(PDFName.of('BaseFont'))?.toString() ?? '(unnamed)')
      .replace(/^\//, '')
      .replace(/^[A-Z]{6}\+/, '');
  const hasFile = (font: PDFDict) => {
    const descriptor = dictOf(doc, font.get(PDFName.of('FontDescriptor')));
    return ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor?.has(PDFName.of(key)));
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = object.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('Type3')) continue;
    if (subtype === PDFName.of('CIDFontType0') || subtype === PDFName.of('CIDFontType2')) continue; // via Type0
    let target: PDFDict | undefined = object;
    if (subtype === PDFName.of('Type0')) {
      const descendants = deref(doc, object.get(PDFName.of('DescendantFonts')));
      target = descendants instanceof PDFArray ? dictOf(doc, descendants.get(0)) : undefined;
    }
    const fontName = name(object);
    if (target && hasFile(target)) embedded.add(fontName);
    else notEmbedded.add(fontName);
  }
  return { embedded: [...embedded].sort(), notEmbedded: [...notEmbedded].sort() };
}

function readHasOutline(doc: PDFDocument): boolean {
  const outlines = dictOf(doc, doc.catalog.get(PDFName.of('Outlines')));
  return outlines?.get(PDFName.of('First')) !== undefined;
}

function readTagged(doc: PDFDocument): boolean {
  const markInfo = dictOf(doc, doc.catalog.get(PDFName.of('MarkInfo')));
  const marked = deref(doc, markInfo?.get(PDFName.of('Marked')));
  return (marked instanceof PDFBool && marked.asBoolean()) || doc.catalog.has(PDFName.of('StructTreeRoot'));
}
