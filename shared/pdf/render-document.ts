/**
 * The document renderer: validated content (PRD §4.2.7) + a brand + a template → HTML → PDF.
 *
 * Everything a template needs is prepared here, so Liquid only lays it out:
 * - colours derived from the brand accents (PRD §8.2.1) and made WCAG AA-safe: every fill that
 *   carries text comes with the text colour that reads on it, and brand colours used as text on
 *   the page are deepened (OKLCH lightness, hue kept) until they reach 4.5:1 (`readableOn`);
 * - running text split into text and citation segments (`splitCitations`), rendered by the
 *   `base/components/rich` partial as superscript links to the numbered sources page;
 * - statistics, charts (SVG from `renderCharts`, brand palette), quotes and tables resolved into
 *   the sections that place them; items no section places are shown in the summary / after the
 *   last section, so nothing the content promised is lost;
 * - the table of contents filled with real page numbers by rendering twice (`renderPdfWithToc`).
 *
 * A template is a folder under `templates/` with a `manifest.json` (capabilities), a `style.css`
 * layered over `templates/base/document.css`, and optionally its own `document.liquid` (else
 * `base/document` is used). Content is escaped by the sandboxed engine; only our CSS and SVG are
 * passed as trusted HTML.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wcagContrast } from 'culori';
import {
  type Accents,
  contrastText,
  darken,
  deepen,
  derivePdfColors,
  lighten,
  readableOn,
  WCAG_AA_NORMAL,
} from '../branding/colors.ts';
import { chartPalette } from '../charts/palette.ts';
import { renderCharts } from '../charts/render-chart.ts';
import {
  type DocumentContent,
  type DocumentContentInput,
  parseDocumentContent,
  splitCitations,
  type TextSegment,
} from '../content/document-content.ts';
import { fontFaceCss, fontFaceCssFor } from './fonts.ts';
import { type RenderPdfOptions, renderPdfWithToc, type TocRender } from './render-pdf.ts';
import {
  TEMPLATES_DIR,
  type TemplateEngine,
  type TrustedHtml,
  templateEngine,
  trusted,
} from './templating.ts';

export const DEFAULT_TEMPLATE = 'EXEC_01';

/** The brand a document is rendered in (agency's, or the client's overrides already resolved). */
export interface DocumentBrand extends Accents {
  /** Logo for light backgrounds (https or `data:image/…` URL). */
  readonly logo_url?: string | null;
  /** Cover image (https or `data:image/…` URL); the brand gradient when absent. */
  readonly cover_image_url?: string | null;
  /** Footer text of every page (default `© year agency`). */
  readonly footer_text?: string | null;
}

export interface DocumentAgency {
  readonly name: string;
  readonly website?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly address?: string | null;
}

export interface DocumentClient {
  readonly name: string;
}

export interface RenderDocumentInput {
  /** Validated content, or raw input that is validated here. */
  readonly content: DocumentContent | DocumentContentInput;
  readonly brand: DocumentBrand;
  readonly agency: DocumentAgency;
  readonly client?: DocumentClient | null;
  /** Template code, e.g. `EXEC_01` (default). */
  readonly template?: string;
  /** Date printed on the cover (default: the content's `generated_at`). */
  readonly date?: Date;
}

/** PRD template capabilities (`manifest.json`). */
export interface TemplateManifest {
  readonly code: string;
  readonly name: string;
  readonly description: string;
  readonly tier: string;
  readonly version: number;
  readonly capabilities: {
    readonly supports_charts: boolean;
    readonly supports_statistics: boolean;
    readonly supports_quotes: boolean;
    readonly supports_tables: boolean;
    readonly callout_types: readonly string[];
    readonly max_sections: number;
  };
}

interface LoadedTemplate {
  readonly manifest: TemplateManifest;
  /** Default fonts + base + design CSS. */
  readonly styles: TrustedHtml;
  /** Base + design CSS, for documents that need more font subsets. */
  readonly css: string;
  /** Liquid name of the layout. */
  readonly layout: string;
}

const templates = new Map<string, Promise<LoadedTemplate>>();

/** Manifest, CSS (fonts + base + design) and layout of a built-in template, cached per process. */
export function loadTemplate(code: string): Promise<LoadedTemplate> {
  if (!/^[A-Z][A-Z0-9_]{1,31}$/.test(code)) return Promise.reject(new Error(`Unknown template ${code}`));
  let loaded = templates.get(code);
  if (!loaded) {
    loaded = (async () => {
      const dir = join(TEMPLATES_DIR, code);
      if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`Unknown template ${code}`);
      const [manifest, fonts, base, design] = await Promise.all([
        readFile(join(dir, 'manifest.json'), 'utf8').then((json) => JSON.parse(json) as TemplateManifest),
        fontFaceCss(),
        readFile(join(TEMPLATES_DIR, 'base', 'document.css'), 'utf8'),
        readFile(join(dir, 'style.css'), 'utf8').catch(() => ''),
      ]);
      const layout = existsSync(join(dir, 'document.liquid')) ? `${code}/document` : 'base/document';
      return { manifest, styles: trusted(`${fonts}\n${base}\n${design}`), css: `${base}\n${design}`, layout };
    })();
    templates.set(code, loaded);
    loaded.catch(() => templates.delete(code));
  }
  return loaded;
}

/** A URL we let the browser load for a logo or cover: https, or an inline raster/SVG image. */
function safeImageUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  if (/^data:image\/(png|jpeg|webp|gif|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(url)) return url;
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Black or white, whichever reads on every one of `fills` (a gradient's stops), with its worst ratio. */
function textOnFills(fills: readonly string[]): { color: string; ratio: number } {
  const worst = (text: string) => Math.min(...fills.map((fill) => wcagContrast(text, fill)));
  const white = worst('#ffffff');
  const black = worst('#000000');
  return white >= black ? { color: '#ffffff', ratio: white } : { color: '#000000', ratio: black };
}

/** The colours of a document as CSS custom properties; every text/fill pair passes WCAG AA. */
export function documentColors(brand: Accents): Record<string, string> {
  const pdf = derivePdfColors(brand);
  // Cover and back page: the primary, deepening towards its dark variant. If no single text
  // colour reads on both stops, the gradient collapses to the primary alone.
  let coverStops = [pdf.primary, deepen(pdf.primary, 0.35)];
  let coverText = textOnFills(coverStops);
  if (coverText.ratio < WCAG_AA_NORMAL) {
    coverStops = [pdf.primary, pdf.primary];
    coverText = textOnFills(coverStops);
  }
  // The strongest brand colour for solid fills (table heads, CTA, back page): the primary, or the
  // next accent when the primary is too pale to read as a fill on white (a near-white brand).
  const visibleOnWhite = (hex: string) => wcagContrast(hex, '#ffffff') >= 1.6;
  const fill = [pdf.primary, pdf.secondary, pdf.accent].find(visibleOnWhite) ?? deepen(pdf.primary, 0.55);
  const backFill = darken(fill, 0.2);
  const coverRule = [pdf.accent, pdf.secondary, coverText.color].find(
    (hex) => wcagContrast(hex, coverStops[0] ?? pdf.primary) >= 1.6,
  );
  const primaryLight = lighten(pdf.primary, 0.92);
  const secondaryLight = lighten(pdf.secondary, 0.9);
  // Brand colours and grey used as text (headings, numbers, citation links) also sit on the light
  // fills of cards and callouts: they must read on the darkest of them, not only on white.
  const paper = [pdf.background_alt, primaryLight, secondaryLight].reduce((darkest, hex) =>
    wcagContrast(hex, '#ffffff') > wcagContrast(darkest, '#ffffff') ? hex : darkest,
  );
  return {
    // Brand colours as text on white and the light fills: darkened until AA.
    brand: readableOn(pdf.primary, paper),
    'brand-2': readableOn(pdf.secondary, paper),
    'brand-3': readableOn(pdf.accent, paper),
    // Brand fills and the text that reads on them.
    primary: fill,
    'primary-text': contrastText(fill),
    'primary-light': primaryLight,
    'primary-light-text': readableOn(pdf.primary, primaryLight),
    'cover-start': coverStops[0] ?? pdf.primary,
    'cover-end': coverStops[1] ?? pdf.primary,
    'cover-text': coverText.color,
    'back-fill': backFill,
    'back-text': contrastText(backFill),
    // Decorative rules/bars (no text on them): the accent, unless it is too pale to see.
    rule: readableOn(fill === pdf.primary ? pdf.accent : fill, '#ffffff', 1.6),
    'rule-on-cover': coverRule ?? coverText.color,
    secondary: pdf.secondary,
    'secondary-text': contrastText(pdf.secondary),
    'secondary-light': secondaryLight,
    ink: pdf.text,
    muted: readableOn(pdf.text_light, paper),
    border: pdf.border,
    'background-alt': pdf.background_alt,
  };
}

const segments = (value: string): TextSegment[] => splitCitations(value);

function formatDate(date: Date, language: string, withDay: boolean): string {
  try {
    return new Intl.DateTimeFormat(language, {
      year: 'numeric',
      month: 'long',
      ...(withDay ? { day: 'numeric' } : {}),
      timeZone: 'UTC',
    }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

/**
 * Text for a running header or footer (a `@page` margin box holds one line and cannot clip): cut
 * at a word boundary with an ellipsis when longer than `max` characters.
 */
function runningLine(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.search(/\s\S*$/);
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}

/** "Strategy 1:" → "Strategy 1" (the kicker adds its own punctuation). */
const kicker = (label: string | undefined) => label?.replace(/[\s:–—-]+$/, '');

/** The data every layout receives; `tocPages` null on the first pass. */
export async function documentData(
  input: RenderDocumentInput,
  tocPages: ReadonlyMap<string, number> | null,
): Promise<Record<string, unknown>> {
  const content = parseDocumentContent(input.content);
  const template = await loadTemplate(input.template ?? DEFAULT_TEMPLATE);
  const { capabilities } = template.manifest;
  if (content.sections.length > capabilities.max_sections) {
    throw new Error(
      `Template ${template.manifest.code} takes at most ${capabilities.max_sections} sections, got ${content.sections.length}`,
    );
  }
  const language = content.metadata.language;
  const date = input.date ?? new Date(content.metadata.generated_at);
  const colors = documentColors(input.brand);

  const charts = renderCharts(content.charts, {
    palette: chartPalette(input.brand),
    showTitle: false,
    plotHeight: 135,
    scope: 'doc',
  });
  const chartViews = content.charts.map((chart, i) => ({
    id: chart.id,
    number: i + 1,
    title: chart.title,
    svg: trusted(charts[i]?.svg ?? ''),
  }));
  const statViews = content.statistics.map((stat) => ({
    id: stat.id,
    value: stat.value,
    // Designs size values for ~6 characters without a break ("73%", "$1.2M"); a longer unbroken
    // one ("$1,234,567.89") shrinks to fit its card instead of breaking mid-number.
    value_scale: Math.min(
      1,
      6 / Math.max(...stat.value.split(/\s+/).map((token) => [...token].length)),
    ).toFixed(2),
    label: stat.label,
    context: stat.context ? segments(stat.context) : null,
    source: stat.source,
    source_id: stat.source_id,
    tone: stat.color_category,
  }));
  const quoteViews = content.quotes.map((quote) => ({ ...quote }));
  const tableViews = content.tables.map((table, i) => ({ ...table, number: i + 1 }));

  const placed = new Set<string>();
  const pick = <T extends { id: string }>(items: T[], ids: readonly string[]) =>
    ids.flatMap((id) => {
      placed.add(id);
      return items.filter((item) => item.id === id);
    });
  const show = { charts: capabilities.supports_charts, stats: capabilities.supports_statistics };
  const sections = content.sections.map((section) => ({
    id: `section-${section.number}`,
    number: section.number,
    number_padded: String(section.number).padStart(2, '0'),
    kicker: kicker(section.label),
    title: section.title,
    lead: segments(section.lead),
    /** The lead without citation markers, for the summary's overview. */
    teaser: splitCitations(section.lead)
      .map((segment) => (segment.kind === 'text' ? segment.text : ''))
      .join(''),
    paragraphs: section.paragraphs.map(segments),
    subheadings: section.subheadings.map((sub) => ({ title: sub.title, content: segments(sub.content) })),
    callout: section.callout
      ? {
          type: capabilities.callout_types.includes(section.callout.type) ? section.callout.type : 'note',
          title: section.callout.title,
          content: segments(section.callout.content),
        }
      : null,
    statistics: show.stats ? pick(statViews, section.statistic_ids) : [],
    charts: show.charts ? pick(chartViews, section.chart_ids) : [],
    quotes: capabilities.supports_quotes ? pick(quoteViews, section.quote_ids) : [],
    tables: capabilities.supports_tables ? pick(tableViews, section.table_ids) : [],
  }));
  const unplaced = {
    statistics: show.stats ? statViews.filter((item) => !placed.has(item.id)) : [],
    charts: show.charts ? chartViews.filter((item) => !placed.has(item.id)) : [],
    quotes: capabilities.supports_quotes ? quoteViews.filter((item) => !placed.has(item.id)) : [],
    tables: capabilities.supports_tables ? tableViews.filter((item) => !placed.has(item.id)) : [],
  };

  const toc = [
    { id: 'summary', number: '', title: 'Executive summary' },
    ...sections.map((section) => ({ id: section.id, number: section.number_padded, title: section.title })),
    { id: 'conclusion', number: '', title: content.conclusion.title },
    ...(content.sources.length ? [{ id: 'sources', number: '', title: 'Sources' }] : []),
  ];
  const footer = input.brand.footer_text || `© ${date.getUTCFullYear()} ${input.agency.name}`;
  const website = input.agency.website?.replace(/^https?:\/\//, '').replace(/\/$/, '');

  const fonts = await documentFontCss({ ...input, content });
  return {
    styles: fonts === (await fontFaceCss()) ? template.styles : trusted(`${fonts}\n${template.css}`),
    template: { code: template.manifest.code, name: template.manifest.name },
    toc,
    toc_pages: Object.fromEntries(tocPages ?? []),
    colors: Object.entries(colors).map(([name, value]) => ({ name, value })),
    doc: {
      language,
      title: content.title,
      running_title: runningLine(content.title, 72),
      // Designs size cover titles for ~60 characters; longer ones shrink so the cover's area holds.
      title_scale: Math.min(1, Math.sqrt(60 / [...content.title].length)).toFixed(2),
      subtitle: content.subtitle,
      summary: segments(content.summary),
      sample: content.metadata.sample,
      date: formatDate(date, language, false),
      read_time: content.metadata.estimated_read_time_minutes,
      footer,
      running_footer: runningLine(footer, 64),
      sections,
      unplaced,
      // Headline figures for the summary page: the unplaced ones, else the first three.
      key_figures: unplaced.statistics.length ? unplaced.statistics : statViews.slice(0, 3),
      conclusion: {
        title: content.conclusion.title,
        lead: segments(content.conclusion.lead),
        content: segments(content.conclusion.content),
        key_takeaways: content.conclusion.key_takeaways.map(segments),
        cta: content.conclusion.cta,
      },
      sources: content.sources.map((source) => ({
        ...source,
        accessed: formatDate(new Date(source.accessed_at), language, true),
      })),
    },
    agency: {
      name: input.agency.name,
      website,
      website_url: input.agency.website ?? undefined,
      email: input.agency.email ?? undefined,
      phone: input.agency.phone ?? undefined,
      address: input.agency.address ?? undefined,
      logo: safeImageUrl(input.brand.logo_url),
    },
    client: input.client ? { name: input.client.name } : null,
    cover: { image: safeImageUrl(input.brand.cover_image_url) },
  };
}

/** HTML of the document; `tocPages` null prints `00` placeholders (first pass). */
export async function renderDocumentHtml(
  input: RenderDocumentInput,
  tocPages: ReadonlyMap<string, number> | null = null,
  engine: TemplateEngine = templateEngine(),
): Promise<string> {
  return designLayout(input, engine)(await documentData(input, tocPages));
}

/** The layout of the document's built-in design, as a function of its data. */
function designLayout(input: RenderDocumentInput, engine: TemplateEngine = templateEngine()) {
  return async (data: Record<string, unknown>) =>
    engine.renderNamed((await loadTemplate(input.template ?? DEFAULT_TEMPLATE)).layout, data);
}

/**
 * The `@font-face` CSS of a document: the default subsets, plus Greek, Cyrillic or Vietnamese when
 * its text (content, agency, client, footer) uses them; Latin documents stay small.
 */
export function documentFontCss(
  input: RenderDocumentInput & { readonly content: DocumentContent },
): Promise<string> {
  return fontFaceCssFor(
    JSON.stringify([input.content, input.agency, input.client?.name, input.brand.footer_text]),
  );
}

/**
 * Renders a document to PDF in two passes (real TOC page numbers) with `layout` turning its
 * {@link documentData} into HTML; `fonts` is its {@link documentFontCss}. Metadata defaults to the
 * content's title, subtitle and language and the agency as author.
 */
export function renderDocumentPdfWith(
  input: RenderDocumentInput,
  layout: (data: Record<string, unknown>, fonts: string) => Promise<string>,
  options: Partial<RenderPdfOptions> = {},
): Promise<TocRender> {
  const content = parseDocumentContent(input.content);
  const validated = { ...input, content };
  const build = async (pages: ReadonlyMap<string, number> | null) => {
    const [data, fonts] = await Promise.all([documentData(validated, pages), documentFontCss(validated)]);
    return layout(data, fonts);
  };
  return renderPdfWithToc(build, {
    ...options,
    metadata: options.metadata ?? {
      title: content.title,
      author: input.agency.name,
      subject: content.subtitle,
      language: content.metadata.language,
      date: input.date,
    },
  });
}

/** Renders the document with its built-in design's layout ({@link renderDocumentPdfWith}). */
export function renderDocumentPdf(
  input: RenderDocumentInput,
  options: Partial<RenderPdfOptions> = {},
): Promise<TocRender> {
  return renderDocumentPdfWith(input, designLayout(input), options);
}
