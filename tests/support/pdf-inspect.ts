/**
 * Inspection of rendered documents for the template tests:
 * - the PDF read back with poppler-utils (`pdffonts`, `pdftotext -raw -bbox`): which fonts are
 *   embedded, where every word sits on its page, whether a block the layout promises never to
 *   split (marked `data-keep` in the HTML) was split across pages, and whether all the content's
 *   text was printed;
 * - the HTML laid out again in the renderer's browser at the page's content width
 *   ({@link auditLayout}): text that overflows (Chromium clips it silently, so the PDF cannot
 *   show it), short words broken over lines, and text below WCAG AA contrast.
 * poppler-utils is a Debian package; `scripts/ensure-system-tools.sh` installs it before `npm test`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseHTML } from 'linkedom';
import { withPage } from '../../shared/pdf/browser.ts';
import { FONTS_LOADED } from '../../shared/pdf/render-pdf.ts';

const run = promisify(execFile);

/** Runs a poppler tool on `pdf` (written to a temporary file) and returns its stdout. */
async function poppler(tool: string, args: readonly string[], pdf: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cs-pdf-inspect-'));
  try {
    const file = join(dir, 'doc.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is missing: run scripts/ensure-system-tools.sh (Debian poppler-utils)`);
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface PdfFont {
  /** Font name without the subset prefix (`Inter-Bold`, not `AAAAAA+Inter-Bold`). */
  readonly name: string;
  readonly type: string;
  readonly embedded: boolean;
  readonly subset: boolean;
  /** Has a ToUnicode map (text can be extracted). */
  readonly unicode: boolean;
}

/** Every font `pdffonts` lists (one row per font object). */
export async function pdfFonts(pdf: Uint8Array): Promise<PdfFont[]> {
  const lines = (await poppler('pdffonts', [], pdf)).split('\n');
  const rule = lines[1] ?? '';
  // Columns are fixed-width; the dashed rule under the header gives their extents.
  const columns = [...rule.matchAll(/-+/g)].map((match) => [match.index, match.index + match[0].length]);
  if (!/^name\s+type/.test(lines[0] ?? '') || columns.length < 6) {
    throw new Error(`Unexpected pdffonts output:\n${lines.slice(0, 3).join('\n')}`);
  }
  const cell = (line: string, i: number) => {
    const [start, end] = columns[i] as [number, number];
    return line.slice(start, i === columns.length - 1 ? undefined : end + 1).trim();
  };
  return lines
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => ({
      name: cell(line, 0).replace(/^[A-Z]{6}\+/, ''),
      type: cell(line, 1),
      embedded: cell(line, 3) === 'yes',
      subset: cell(line, 4) === 'yes',
      unicode: cell(line, 5) === 'yes',
    }));
}

export interface PdfWord {
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

export interface PdfPage {
  /** 1-based. */
  readonly number: number;
  readonly width: number;
  readonly height: number;
  /** In content-stream order (`pdftotext -raw`), which for Chromium is paint order ≈ DOM order. */
  readonly words: readonly PdfWord[];
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_, entity: string) => {
    if (entity[0] !== '#') return XML_ENTITIES[entity.toLowerCase()] ?? '';
    const hex = entity[1] === 'x' || entity[1] === 'X';
    return String.fromCodePoint(Number.parseInt(entity.slice(hex ? 2 : 1), hex ? 16 : 10));
  });
}

/** Every page's size and words with their boxes (points, origin top-left), via `pdftotext -bbox`. */
export async function pdfWords(pdf: Uint8Array): Promise<PdfPage[]> {
  const xhtml = await poppler('pdftotext', ['-raw', '-bbox'], pdf);
  const pages: PdfPage[] = [];
  for (const [, attrs, body] of xhtml.matchAll(/<page ([^>]*)>([\s\S]*?)<\/page>/g)) {
    const size = (name: string) => Number(new RegExp(`${name}="([\\d.]+)"`).exec(attrs ?? '')?.[1]);
    const words: PdfWord[] = [];
    for (const [, box, text] of (body ?? '').matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)) {
      const at = (name: string) => Number(new RegExp(`${name}="(-?[\\d.]+)"`).exec(box ?? '')?.[1]);
      words.push({
        text: unescapeXml(text ?? ''),
        xMin: at('xMin'),
        yMin: at('yMin'),
        xMax: at('xMax'),
        yMax: at('yMax'),
      });
    }
    pages.push({ number: pages.length + 1, width: size('width'), height: size('height'), words });
  }
  return pages;
}

/** The text of each page, words joined by spaces. */
export function pageTexts(pages: readonly PdfPage[]): string[] {
  return pages.map((page) => page.words.map((word) => word.text).join(' '));
}

export interface StrayWord extends PdfWord {
  readonly page: number;
}

/**
 * Words that are not inside their page shrunk by `inset` points on every side (0: the page box
 * itself; e.g. 18: nothing within a quarter inch of the paper's edge, where printers clip).
 * pdftotext drops characters beyond the page box, so a word crossing the edge shows up cut off
 * at it: a box within `tolerance` of the limit counts as outside. (A word wholly off the page
 * leaves no trace here; {@link missingText} and {@link auditLayout} find those.)
 */
export function wordsOutside(pages: readonly PdfPage[], inset = 0, tolerance = 1): StrayWord[] {
  return pages.flatMap((page) =>
    page.words
      .filter(
        (word) =>
          word.xMin <= inset + tolerance ||
          word.yMin <= inset + tolerance ||
          word.xMax >= page.width - inset - tolerance ||
          word.yMax >= page.height - inset - tolerance,
      )
      .map((word) => ({ ...word, page: page.number })),
  );
}

/**
 * Text reduced to what survives any layout: letters only, case-folded. CSS `text-transform` and
 * letter-spacing, hyphenation and breaks inside long words, ligatures, punctuation, citation
 * numbers and counters (`::before { content: counter(x) }`) do not matter.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .replace(/[^\p{L}]+/gu, '');
}

/** The painted text nodes of an element, in order: no SVG `<title>`/`<desc>`, styles or scripts. */
function textNodes(node: Node, out: string[] = []): string[] {
  if (node.nodeType === 3) out.push(node.textContent ?? '');
  if (node.nodeType !== 1) return out;
  const tag = (node as Element).localName;
  if (tag === 'title' || tag === 'desc' || tag === 'style' || tag === 'script') return out;
  for (const child of node.childNodes) textNodes(child, out);
  return out;
}

const paintedText = (node: Node) => textNodes(node).join('');

const excerptOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 60);

/** Where a run of text was printed: the pages of its first and last letter. */
export interface TextSpan {
  readonly firstPage: number;
  readonly lastPage: number;
}

/**
 * The folded text of a whole PDF in content-stream order, searchable for runs of text that may
 * have been broken across pages. A page break inside a run puts the next page's running header
 * and footer (painted first on every page) between its two halves; `runningText` (header and
 * footer text) bounds how much may come in between.
 */
export class PdfText {
  private readonly folded: string;
  private readonly pageAt: number[] = [];
  private readonly gap: number;

  constructor(pages: readonly PdfPage[], runningText = '') {
    let folded = '';
    for (const page of pages) {
      for (const word of page.words) {
        const text = foldText(word.text);
        folded += text;
        for (let i = 0; i < text.length; i++) this.pageAt.push(page.number);
      }
    }
    this.folded = folded;
    this.gap = foldText(runningText).length + 40;
  }

  /**
   * Every place `text` was printed: whole, or split once by a page break (its longest prefix
   * found anywhere, then the rest just after, across at most the running header and footer).
   */
  findAll(text: string): TextSpan[] {
    const folded = foldText(text);
    const whole = this.findFolded(folded);
    // A styled `::first-letter` (a drop cap) may be painted apart from the rest of its paragraph.
    return whole.length || folded.length < 2 ? whole : this.findFolded(folded.slice(1));
  }

  private findFolded(needle: string): TextSpan[] {
    if (!needle) return [];
    const spans: TextSpan[] = [];
    for (let at = this.folded.indexOf(needle); at >= 0; at = this.folded.indexOf(needle, at + 1)) {
      spans.push(this.span(at, at + needle.length - 1));
    }
    if (spans.length) return spans;
    // Longest prefix that occurs (if a prefix occurs, so do all shorter ones).
    let low = 0;
    let high = needle.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (this.folded.includes(needle.slice(0, mid))) low = mid;
      else high = mid - 1;
    }
    if (low === 0) return [];
    const head = needle.slice(0, low);
    const rest = needle.slice(low);
    for (let at = this.folded.indexOf(head); at >= 0; at = this.folded.indexOf(head, at + 1)) {
      const end = at + head.length;
      const next = this.folded.indexOf(rest, end);
      if (next >= 0 && next - end <= this.gap && this.pageAt[next] !== this.pageAt[end - 1]) {
        spans.push(this.span(at, next + rest.length - 1));
      }
    }
    return spans;
  }

  /**
   * Where a block was printed: its first 16 letters `head`, then its last 16 letters `tail` about
   * `length` letters later (the text in between may be painted in another order, e.g. SVG labels).
   * `from` skips earlier matches, for blocks printed twice.
   */
  findBlock(
    head: string,
    tail: string,
    length: number,
    from = 0,
  ): (TextSpan & { readonly at: number }) | undefined {
    const slack = Math.ceil(length * 0.1);
    for (let at = this.folded.indexOf(head, from); at >= 0; at = this.folded.indexOf(head, at + 1)) {
      const end = this.folded.indexOf(tail, Math.max(at, at + length - tail.length - slack));
      if (end >= 0 && end <= at + length - tail.length + slack + this.gap) {
        return { ...this.span(at, end + tail.length - 1), at };
      }
    }
    return undefined;
  }

  private span(first: number, last: number): TextSpan {
    return { firstPage: this.pageAt[first] ?? 0, lastPage: this.pageAt[last] ?? 0 };
  }
}

export interface KeptBlock extends TextSpan {
  /** `data-keep` value (e.g. `callout`, `chart`) and the start of its text, for messages. */
  readonly kind: string;
  readonly excerpt: string;
}

export interface KeepReport {
  readonly blocks: readonly KeptBlock[];
  /** Blocks that start on one page and end on another. */
  readonly split: readonly KeptBlock[];
  /** Blocks whose text could not be found in the PDF (clipped or hidden text, or not judged). */
  readonly unlocated: readonly string[];
}

/** Leading and trailing children to leave out when a block is not found whole, fewest first. */
const SKIPS = [0, 1, 2]
  .flatMap((head) => [0, 1, 2].map((tail) => [head, tail] as const))
  .sort((a, b) => a[0] + a[1] - (b[0] + b[1]));

/**
 * Checks that every element the final HTML marks `data-keep` (callouts, figures, quotes,
 * statistic cards, …; CSS gives them `break-inside: avoid`) starts and ends on the same page.
 * Blocks with fewer than `minLetters` letters are too ambiguous to locate and are skipped.
 */
export function keptBlocks(html: string, text: PdfText, minLetters = 24): KeepReport {
  const { document } = parseHTML(html);
  const blocks: KeptBlock[] = [];
  const split: KeptBlock[] = [];
  const unlocated: string[] = [];
  // Identical blocks (a key figure repeated on the summary page) are matched in order.
  const nextFrom = new Map<string, number>();
  for (const element of document.querySelectorAll('[data-keep]')) {
    const painted = paintedText(element);
    // The folded text of each child: the units a design may take out of flow (a caption).
    const nodes = [...element.childNodes].map((child) => foldText(paintedText(child))).filter(Boolean);
    const folded = nodes.join('');
    if (folded.length < minLetters) continue;
    const kind = element.getAttribute('data-keep') ?? '';
    // A caption a design positions out of flow (a hanging figure number) is painted out of order:
    // then the block is located without its first (or last) one or two children.
    let found: ReturnType<PdfText['findBlock']>;
    for (const [skipHead, skipTail] of SKIPS) {
      const inner = nodes.slice(skipHead, nodes.length - skipTail).join('');
      if (inner.length < minLetters) continue;
      found = text.findBlock(inner.slice(0, 16), inner.slice(-16), inner.length, nextFrom.get(folded) ?? 0);
      if (found) break;
    }
    if (!found) {
      unlocated.push(`${kind}: ${excerptOf(painted)}`);
      continue;
    }
    nextFrom.set(folded, found.at + 1);
    const block = { kind, excerpt: excerptOf(painted), firstPage: found.firstPage, lastPage: found.lastPage };
    blocks.push(block);
    if (block.firstPage !== block.lastPage) split.push(block);
  }
  return { blocks, split, unlocated };
}

/**
 * The pieces of `texts` that are not in the PDF: text a layout clipped (overflowing a page or a
 * box with hidden overflow) or never printed. Each piece is looked for whole, or broken once by a
 * page break.
 */
export function missingText(texts: Iterable<string>, text: PdfText): string[] {
  const missing = new Set<string>();
  for (const piece of texts) {
    if (foldText(piece) && text.findAll(piece).length === 0) missing.add(excerptOf(piece));
  }
  return [...missing];
}

const CSS_UNITS_PX: Record<string, number> = { in: 96, pt: 96 / 72, px: 1, cm: 96 / 2.54, mm: 96 / 25.4 };

/**
 * Left and right margin (CSS px) of the document's default page: the last `margin` declared in
 * an unnamed `@page` rule of `css` (designs override the base's), in in/pt/px/cm/mm.
 */
export function pageMarginsPx(css: string): { readonly left: number; readonly right: number } {
  let margins = { left: 0, right: 0 };
  for (const [, body] of css.matchAll(/@page\s*\{((?:[^{}]|\{[^{}]*\})*)\}/g)) {
    const top = (body ?? '').replace(/\{[^{}]*\}/g, '');
    const value = /(?:^|[;\s])margin\s*:\s*([^;]+)/.exec(top)?.[1];
    if (!value) continue;
    const px = value
      .trim()
      .split(/\s+/)
      .map((part) => {
        const match = /^(-?[\d.]+)(in|pt|px|cm|mm)?$/.exec(part);
        if (!match) throw new Error(`Cannot read @page margin "${value}"`);
        return Number(match[1]) * (CSS_UNITS_PX[match[2] ?? 'px'] ?? 1);
      });
    const [, right = px[0] ?? 0, , left = right] = px;
    margins = { left, right };
  }
  return margins;
}

export interface OverflowingText {
  /** Tag and classes of the text's element, and the text, for messages. */
  readonly element: string;
  readonly text: string;
  /** The box it overflows (`page` = the page's content box). */
  readonly box: string;
}

export interface LowContrastText {
  readonly element: string;
  readonly text: string;
  readonly color: string;
  readonly background: string;
  readonly ratio: number;
  /** 4.5, or 3 for large text (WCAG: ≥ 24 px, or ≥ 18.66 px bold). */
  readonly required: number;
}

export interface LayoutAudit {
  readonly overflowing: readonly OverflowingText[];
  readonly lowContrast: readonly LowContrastText[];
  /** Short texts without a space (numbers, labels) broken over lines: a box squeezed too narrow. */
  readonly brokenWords: readonly { readonly element: string; readonly text: string }[];
}

/**
 * Lays the HTML out at the page's content width (print media, the renderer's browser) and checks
 * every text node:
 * - overflow: its line boxes stay inside the width of its page-level block (a child of `<body>`;
 *   a full-bleed cover keeps its own size), inside any ancestor that clips (`overflow` not
 *   visible: width and height), and inside the right edge of its table cell or `data-keep` block.
 *   Chromium silently clips what leaves the page's content box, so such text never shows up in
 *   the PDF at all;
 * - short texts without a space (a page or section number, a one-word label) on one line;
 * - contrast (WCAG AA): its colour against the backdrop it is painted on, composited from the
 *   ancestors' background colours over white; on a gradient, against its worst stop. Text over a
 *   photo (`<img>` behind it) and SVG text (charts check their own palette) are not judged.
 */
export async function auditLayout(
  html: string,
  options: { readonly pageWidthPx: number; readonly marginsPx: { left: number; right: number } },
): Promise<LayoutAudit> {
  const width = Math.round(options.pageWidthPx - options.marginsPx.left - options.marginsPx.right);
  return withPage(async (page) => {
    await page.setViewport({ width, height: 1056 });
    await page.emulateMediaType('print');
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(FONTS_LOADED);
    // A string, so no bundler helper ends up inside the function the page runs.
    return (await page.evaluate(`(() => {
      const describe = (el) => el.localName + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      const rgba = (value) => {
        const m = /^rgba?\\(([\\d.]+)[ ,]+([\\d.]+)[ ,]+([\\d.]+)(?:[ ,/]+([\\d.]+%?))?\\)$/.exec(value.trim());
        if (!m) return undefined;
        const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
        return [+m[1], +m[2], +m[3], alpha];
      };
      const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
      const luminance = (c) => {
        const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
      const hex = (c) => '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
      // The colours an element's text may sit on: null when a photo is behind it.
      const backdrops = (el) => {
        const layers = [];
        for (let at = el; at; at = at.parentElement) {
          const style = getComputedStyle(at);
          if (at.querySelector(':scope > img')) return null;
          const image = style.backgroundImage;
          if (image && image !== 'none') {
            if (!image.includes('gradient')) return null;
            const stops = (image.match(/rgba?\\([^)]*\\)/g) || []).map(rgba).filter(Boolean);
            if (!stops.length) return null;
            return stops.map((stop) => layers.reduceRight((acc, layer) => over(layer, acc), over(stop, [255, 255, 255, 1])));
          }
          const color = rgba(style.backgroundColor);
          if (color && color[3] > 0) {
            layers.push(color);
            if (color[3] >= 1) break;
          }
        }
        return [layers.reduceRight((acc, layer) => over(layer, acc), [255, 255, 255, 1])];
      };
      const overflowing = [];
      const lowContrast = [];
      const brokenWords = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const element = node.parentElement;
        if (!element || element.closest('svg, style, script')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const lines = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
        if (!lines.length) continue;
        const text = node.textContent.replace(/\\s+/g, ' ').trim().slice(0, 60);
        if (text.length <= 12 && !text.includes(' ') && new Set(lines.map((r) => Math.round(r.top))).size > 1) {
          brokenWords.push({ element: describe(element), text });
        }
        for (let at = element; at && at !== document.body; at = at.parentElement) {
          const style = getComputedStyle(at);
          const kind = style.overflowX !== 'visible' || style.overflowY !== 'visible' ? 'clip'
            : at.parentElement === document.body ? 'page'
            : at.matches('td, th, [data-keep]') ? 'block' : '';
          if (!kind) continue;
          const b = at.getBoundingClientRect();
          // Labels may hang left of a block by design; spilling right never is. Only a clipping box
          // has a height to overflow (a glyph's ascent may poke 1-2 px out of a tight line-height).
          const out = lines.some((r) => (kind !== 'block' && r.left < b.left - 1) || r.right > b.right + 1 ||
            (kind === 'clip' && (r.top < b.top - 3 || r.bottom > b.bottom + 3)));
          if (out) {
            overflowing.push({ element: describe(element), text, box: kind === 'page' ? 'page' : describe(at) });
            break;
          }
        }
        const style = getComputedStyle(element);
        const color = rgba(style.color);
        const grounds = backdrops(element);
        if (!color || !grounds || style.visibility === 'hidden') continue;
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        const required = large ? 3 : 4.5;
        for (const ground of grounds) {
          const value = ratio(over(color, ground), ground);
          if (value < required - 0.05) {
            lowContrast.push({ element: describe(element), text, color: hex(over(color, ground)), background: hex(ground), ratio: Math.round(value * 100) / 100, required });
            break;
          }
        }
      }
      return { overflowing, lowContrast, brokenWords };
    })()`)) as LayoutAudit;
  });
}
