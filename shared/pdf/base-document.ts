/**
 * The base layout (`templates/base/`) filled with a document: proves the renderer end to end
 * (cover, table of contents with real page numbers, running title/footer, sections) until the
 * five designs exist. Designs reuse {@link baseStyles} and the `base/*` partials.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fontFaceCss } from './fonts.ts';
import { type RenderPdfOptions, renderPdfWithToc, type TocRender } from './render-pdf.ts';
import {
  TEMPLATES_DIR,
  type TemplateEngine,
  type TrustedHtml,
  templateEngine,
  trusted,
} from './templating.ts';

export interface BaseSection {
  /** Anchor id, unique in the document (`[A-Za-z][\w-]*`). */
  readonly id: string;
  readonly label: string;
  readonly lead?: string;
  readonly paragraphs: readonly string[];
  readonly callout?: { readonly kind: 'tip' | 'warning' | 'note' | 'example'; readonly text: string };
  readonly quote?: { readonly text: string; readonly attribution?: string };
  /** A chart or image our code generated. */
  readonly figure?: { readonly html: TrustedHtml; readonly caption?: string };
}

export interface BaseDocument {
  readonly title: string;
  readonly subtitle?: string;
  /** Agency name: cover line, footer default, PDF author. */
  readonly agency: string;
  readonly preparedFor?: string;
  /** As printed on the cover. */
  readonly date?: string;
  /** Footer text (defaults to the agency). */
  readonly footer?: string;
  readonly language?: string;
  readonly sections: readonly BaseSection[];
}

let stylesPromise: Promise<TrustedHtml> | undefined;

/** Embedded fonts + `templates/base/base.css`, read once per process. */
export function baseStyles(): Promise<TrustedHtml> {
  stylesPromise ??= (async () => {
    const [fonts, css] = await Promise.all([
      fontFaceCss(),
      readFile(join(TEMPLATES_DIR, 'base', 'base.css'), 'utf8'),
    ]);
    return trusted(`${fonts}\n${css}`);
  })();
  stylesPromise.catch(() => {
    stylesPromise = undefined;
  });
  return stylesPromise;
}

/** HTML of the base layout; `tocPages` null prints placeholders (first pass). */
export async function renderBaseHtml(
  doc: BaseDocument,
  tocPages: ReadonlyMap<string, number> | null,
  engine: TemplateEngine = templateEngine(),
): Promise<string> {
  return engine.renderNamed('base/layout', {
    styles: await baseStyles(),
    toc_pages: Object.fromEntries(tocPages ?? []),
    doc: {
      title: doc.title,
      subtitle: doc.subtitle,
      agency: doc.agency,
      prepared_for: doc.preparedFor,
      date: doc.date,
      footer: doc.footer,
      language: doc.language,
      sections: doc.sections,
    },
  });
}

/** Renders the document to PDF in two passes (real TOC page numbers); metadata from the document. */
export function renderBaseDocumentPdf(
  doc: BaseDocument,
  options: Partial<RenderPdfOptions> = {},
): Promise<TocRender> {
  return renderPdfWithToc((pages) => renderBaseHtml(doc, pages), {
    ...options,
    metadata: options.metadata ?? { title: doc.title, author: doc.agency, subject: doc.subtitle },
  });
}
