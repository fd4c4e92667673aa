/**
 * HTML → PDF with the process's Chromium: letter size unless the CSS says otherwise
 * (`preferCSSPageSize`), backgrounds printed, PDF outline (bookmarks from headings) and tagging
 * (accessibility structure); then document metadata written with pdf-lib and the page count read
 * back. {@link renderPdfWithToc} renders twice so a table of contents shows real page numbers.
 */
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import type { PDFOptions } from 'puppeteer-core';
import { withPage } from './browser.ts';

export interface PdfMetadata {
  readonly title: string;
  /** The agency. */
  readonly author: string;
  readonly subject?: string;
  readonly keywords?: readonly string[];
  /** Default `Content Strategist`. */
  readonly creator?: string;
  /** Default `Content Strategist (Chromium + pdf-lib)`. */
  readonly producer?: string;
  /** BCP 47, e.g. `en-US`. */
  readonly language?: string;
  /** Creation/modification date (default now); fix it for byte-stable output. */
  readonly date?: Date;
}

export interface RenderPdfOptions {
  readonly metadata: PdfMetadata;
  /** Budget for loading the HTML and printing it (default 30 s). */
  readonly timeoutMs?: number;
}

export interface RenderedPdf {
  readonly pdf: Uint8Array;
  readonly pageCount: number;
  /** 1-based page of every named destination (element `id` that something links to). */
  readonly destinations: ReadonlyMap<string, number>;
  /** Wall time of the Chromium part. */
  readonly renderMs: number;
}

/** Print options; `outline` and `tagged` exist in puppeteer-core ≥ 22 (installed: 25). */
const PDF_OPTIONS: PDFOptions = {
  format: 'letter',
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: false,
  outline: true,
  tagged: true,
};

/**
 * Page script: resolves once every `@font-face` whose `unicode-range` covers a character of the
 * document's text is loaded (every weight and style: which ones the print layout uses is not
 * known yet), then when nothing else is loading.
 */
export const FONTS_LOADED = `(() => {
  const codes = new Set();
  for (const char of document.title + document.body.textContent) codes.add(char.codePointAt(0));
  const covers = (face) => face.unicodeRange.split(',').some((part) => {
    const [low, high] = part.trim().replace(/^U\\+/i, '').split('-').map((hex) => parseInt(hex, 16));
    for (const code of codes) if (code >= low && code <= (high ?? low)) return true;
    return false;
  });
  return Promise.all([...document.fonts].filter(covers).map((face) => face.load()))
    .then(() => document.fonts.ready)
    .then(() => true);
})()`;

export async function renderPdf(html: string, options: RenderPdfOptions): Promise<RenderedPdf> {
  const timeout = options.timeoutMs ?? 30_000;
  const started = performance.now();
  const raw = await withPage(async (page) => {
    await page.setContent(html, { waitUntil: 'load', timeout });
    // Embedded fonts are data URLs, but Chromium decodes a face only once laid-out text needs it,
    // and text whose face is still loading prints blank (font-display: block). Print layout needs
    // faces the screen layout did not (a running header in Greek): load them all first.
    await page.evaluate(FONTS_LOADED);
    return page.pdf({ ...PDF_OPTIONS, timeout });
  });
  const renderMs = Math.round(performance.now() - started);

  const doc = await PDFDocument.load(raw, { updateMetadata: false });
  setMetadata(doc, options.metadata);
  return {
    pdf: await doc.save({ useObjectStreams: true }),
    pageCount: doc.getPageCount(),
    destinations: readDestinations(doc),
    renderMs,
  };
}

function setMetadata(doc: PDFDocument, meta: PdfMetadata): void {
  const date = meta.date ?? new Date();
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords?.length) doc.setKeywords([...meta.keywords]);
  doc.setCreator(meta.creator ?? 'Content Strategist');
  doc.setProducer(meta.producer ?? 'Content Strategist (Chromium + pdf-lib)');
  if (meta.language) doc.setLanguage(meta.language);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
}

export interface PdfInfo {
  readonly pageCount: number;
  readonly title?: string;
  readonly author?: string;
  readonly subject?: string;
  readonly keywords?: string;
  readonly creator?: string;
  readonly producer?: string;
  /** Width × height of page 1 in points (letter = 612 × 792). */
  readonly pageSize: { readonly width: number; readonly height: number };
  readonly destinations: ReadonlyMap<string, number>;
}

/** Reads a PDF back: page count, first page size, metadata and named destinations. */
export async function readPdfInfo(pdf: Uint8Array): Promise<PdfInfo> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const first = doc.getPage(0).getSize();
  return {
    pageCount: doc.getPageCount(),
    title: doc.getTitle(),
    author: doc.getAuthor(),
    subject: doc.getSubject(),
    keywords: doc.getKeywords(),
    creator: doc.getCreator(),
    producer: doc.getProducer(),
    pageSize: { width: first.width, height: first.height },
    destinations: readDestinations(doc),
  };
}

/**
 * Chromium turns every element `id` that a link points at (`<a href="#id">`) into a named
 * destination; this maps each name to its 1-based page. Both the PDF 1.1 `/Dests` dictionary and
 * the PDF 1.2 `/Names` → `/Dests` name tree are read.
 */
export function readDestinations(doc: PDFDocument): Map<string, number> {
  const pageOf = new Map<string, number>();
  doc.getPages().forEach((page, index) => {
    pageOf.set(page.ref.toString(), index + 1);
  });
  const result = new Map<string, number>();
  const deref = (obj: PDFObject | undefined) => (obj instanceof PDFRef ? doc.context.lookup(obj) : obj);
  const dict = (obj: PDFObject | undefined) => {
    const value = deref(obj);
    return value instanceof PDFDict ? value : undefined;
  };
  const array = (obj: PDFObject | undefined) => {
    const value = deref(obj);
    return value instanceof PDFArray ? value : undefined;
  };
  const add = (name: string, dest: PDFObject | undefined) => {
    let target: PDFObject | undefined = dest instanceof PDFRef ? doc.context.lookup(dest) : dest;
    if (target instanceof PDFDict) target = target.get(PDFName.of('D'));
    if (target instanceof PDFRef) target = doc.context.lookup(target);
    if (!(target instanceof PDFArray)) return;
    const pageRef = target.get(0);
    const page = pageRef instanceof PDFRef ? pageOf.get(pageRef.toString()) : undefined;
    if (page !== undefined) result.set(name, page);
  };
  const text = (obj: PDFObject | undefined) =>
    obj instanceof PDFString || obj instanceof PDFHexString
      ? obj.decodeText()
      : obj instanceof PDFName
        ? obj.decodeText()
        : undefined;

  const catalog = doc.catalog;
  const dests = dict(catalog.get(PDFName.of('Dests')));
  if (dests) {
    for (const [key, value] of dests.entries()) add(key.decodeText(), value);
  }
  const names = dict(catalog.get(PDFName.of('Names')));
  const tree = dict(names?.get(PDFName.of('Dests')));
  const walk = (node: PDFDict | undefined, depth: number) => {
    if (!node || depth > 32) return;
    const pairs = array(node.get(PDFName.of('Names')));
    if (pairs) {
      for (let i = 0; i + 1 < pairs.size(); i += 2) {
        const name = text(pairs.get(i));
        if (name !== undefined) add(name, pairs.get(i + 1));
      }
    }
    const kids = array(node.get(PDFName.of('Kids')));
    if (kids) {
      for (let i = 0; i < kids.size(); i++) walk(dict(kids.get(i)), depth + 1);
    }
  };
  walk(tree, 0);
  return result;
}

export interface TocRender extends RenderedPdf {
  /** The HTML of the final pass (with the page numbers in it). */
  readonly html: string;
  /** How many times Chromium rendered (2, or 3 if the numbers moved something). */
  readonly passes: number;
}

/**
 * Renders a document whose table of contents needs the page each heading lands on. `build` gets
 * `null` on the first pass (print placeholders of similar width, e.g. `00`, and link every entry
 * with `<a href="#heading-id">`), then the page of every linked id, read back from the PDF's named
 * destinations. If filling in the numbers moved a heading, one more pass settles it.
 */
export async function renderPdfWithToc(
  build: (pages: ReadonlyMap<string, number> | null) => string | Promise<string>,
  options: RenderPdfOptions,
): Promise<TocRender> {
  let html = await build(null);
  let rendered = await renderPdf(html, options);
  let passes = 1;
  while (passes < 3) {
    const pages = rendered.destinations;
    html = await build(pages);
    rendered = await renderPdf(html, options);
    passes++;
    if (sameMap(pages, rendered.destinations)) break;
  }
  return { ...rendered, html, passes };
}

function sameMap(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}
