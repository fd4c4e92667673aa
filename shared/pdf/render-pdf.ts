/**
 * HTML → PDF with the process's Chromium: letter size unless the CSS says otherwise
 * (`preferCSSPageSize`), backgrounds printed, PDF outline (bookmarks from headings) and tagging
 * (accessibility structure); then document metadata written with pdf-lib and the page count read
 * back. {@link renderPdfWithToc} prints twice so a table of contents shows real page numbers.
 */
import {
  type LoadOptions,
  ParseSpeeds,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import type { Page, PDFOptions } from 'puppeteer-core';
import { withPrintPage } from './browser.ts';

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
  /** Wall time of the Chromium part (every pass). */
  readonly renderMs: number;
}

/**
 * Print options of a draft, printed only to learn where headings land: outline and tags change
 * no layout and cost ~30% of a print. Fonts are awaited by {@link FONTS_LOADED} before printing.
 */
const DRAFT_PDF: PDFOptions = {
  format: 'letter',
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: false,
  waitForFonts: false,
};

/** Print options of the PDF we keep; `outline` and `tagged` exist in puppeteer-core ≥ 22 (installed: 25). */
const FINAL_PDF: PDFOptions = { ...DRAFT_PDF, outline: true, tagged: true };

/** pdf-lib pauses every 100 objects by default (for UI threads); a render has nothing to yield to. */
const LOAD: LoadOptions = { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest };

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

/** Replaces the page's document with `html` and waits until it can be printed. */
async function show(page: Page, html: string, timeout: number): Promise<void> {
  await page.setContent(html, { waitUntil: 'load', timeout });
  // Embedded fonts are data URLs, but Chromium decodes a face only once laid-out text needs it,
  // and text whose face is still loading prints blank (font-display: block). Print layout needs
  // faces the screen layout did not (a running header in Greek): load them all first.
  await page.evaluate(FONTS_LOADED);
}

/** Renders `html` to PDF in one pass. */
export async function renderPdf(html: string, options: RenderPdfOptions): Promise<RenderedPdf> {
  const timeout = options.timeoutMs ?? 30_000;
  const started = performance.now();
  const raw = await withPrintPage(async (page) => {
    await show(page, html, timeout);
    return page.pdf({ ...FINAL_PDF, timeout });
  });
  const renderMs = Math.round(performance.now() - started);
  return finish(await PDFDocument.load(raw, LOAD), options.metadata, renderMs);
}

async function finish(doc: PDFDocument, metadata: PdfMetadata, renderMs: number): Promise<RenderedPdf> {
  setMetadata(doc, metadata);
  return {
    pdf: await doc.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY }),
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
  const doc = await PDFDocument.load(pdf, LOAD);
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
  /** How many times Chromium printed (2, or 3 if the numbers moved something). */
  readonly passes: number;
}

/**
 * Renders a document whose table of contents needs the page each heading lands on. `build` gets
 * `null` on the first pass (print placeholders of similar width, e.g. `00`, and link every entry
 * with `<a href="#heading-id">`), then the page of every linked id, read back from the PDF's named
 * destinations. If filling in the numbers moved a heading, one more pass settles it.
 *
 * All passes print from one page. When the HTML of the next pass differs from the shown one only
 * in the text of `data-toc-for` elements (see {@link tocNumbers}), those texts are written into the
 * laid-out document instead of loading it again, which halves the cost of a pass.
 */
export async function renderPdfWithToc(
  build: (pages: ReadonlyMap<string, number> | null) => string | Promise<string>,
  options: RenderPdfOptions,
): Promise<TocRender> {
  const timeout = options.timeoutMs ?? 30_000;
  const first = await build(null);
  const started = performance.now();
  const printed = await withPrintPage(async (page) => {
    await show(page, first, timeout);
    let shown = first;
    let pages = readDestinations(await PDFDocument.load(await page.pdf({ ...DRAFT_PDF, timeout }), LOAD));
    for (let passes = 2; ; passes++) {
      const html = await build(pages);
      const numbers = tocNumbers(shown, html);
      const patched =
        numbers !== undefined &&
        (await page.evaluate(`(${SET_TOC_NUMBERS})(${JSON.stringify(numbers)})`)) === true;
      if (!patched) await show(page, html, timeout);
      shown = html;
      const doc = await PDFDocument.load(await page.pdf({ ...FINAL_PDF, timeout }), LOAD);
      const landed = readDestinations(doc);
      if (passes === 3 || sameMap(pages, landed)) return { doc, html, passes };
      pages = landed;
    }
  });
  const renderMs = Math.round(performance.now() - started);
  const rendered = await finish(printed.doc, options.metadata, renderMs);
  return { ...rendered, html: printed.html, passes: printed.passes };
}

/** An element with `data-toc-for` and nothing but text in it (group 2: the id, 3: the text). */
const TOC_NUMBER = /(<[a-z][^\s/>]*\s[^>]*?\bdata-toc-for="([^"]*)"[^>]*>)([^<&]*)(?=<\/)/gi;

/**
 * The id and text of every `data-toc-for` element of `next`, in document order, if `next` is
 * `shown` with only those texts changed; otherwise undefined (then the page loads `next`).
 */
export function tocNumbers(shown: string, next: string): { id: string; text: string }[] | undefined {
  const numbers = [...next.matchAll(TOC_NUMBER)].map((match) => ({
    id: match[2] as string,
    text: match[3] as string,
  }));
  if (numbers.length === 0) return undefined;
  let index = 0;
  let aligned = true;
  const patched = shown.replace(TOC_NUMBER, (whole, open: string, id: string) => {
    const number = numbers[index++];
    if (number?.id !== id) aligned = false;
    return number ? `${open}${number.text}` : whole;
  });
  return aligned && index === numbers.length && patched === next ? numbers : undefined;
}

/**
 * Page script: writes {@link tocNumbers} into the shown document; false (nothing written) unless
 * its `data-toc-for` elements are exactly those, text only.
 */
const SET_TOC_NUMBERS = `(numbers) => {
  const elements = [...document.querySelectorAll('[data-toc-for]')];
  const same = elements.length === numbers.length && elements.every((element, i) =>
    element.getAttribute('data-toc-for') === numbers[i].id && element.childElementCount === 0);
  if (!same) return false;
  elements.forEach((element, i) => { element.textContent = numbers[i].text; });
  return true;
}`;

function sameMap(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}
