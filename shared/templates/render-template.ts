/**
 * Renders a row of the template catalogue: a built-in design (`templates/<CODE>/`, no stored
 * markup) through `renderDocumentPdf`, or an admin-created one from its stored `html_template` /
 * `css_template`. Admin markup runs in the same Liquid sandbox (autoescape, no file system, limits)
 * and receives exactly the data the built-in layouts receive (`documentData`), so it may include the
 * built-in partials; its CSS is layered over the document's embedded fonts (the same per-document
 * subsets as the built-in designs: Greek or Cyrillic text gets its glyphs) and the base stylesheet
 * and passed to the markup as `styles` (output with `{{ styles | raw }}`).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TemplateItem } from '../data/entities/templates.ts';
import {
  DEFAULT_TEMPLATE,
  type RenderDocumentInput,
  renderDocumentPdf,
  renderDocumentPdfWith,
} from '../pdf/render-document.ts';
import type { RenderPdfOptions, TocRender } from '../pdf/render-pdf.ts';
import { TEMPLATES_DIR, TemplateError, templateEngine, trusted } from '../pdf/templating.ts';

/** What rendering needs of a catalogue row. */
export type RenderableTemplate = Pick<TemplateItem, 'code' | 'name' | 'html_template' | 'css_template'>;

/** Whether the row's design is stored markup (admin-created) rather than a built-in folder. */
export const hasCustomMarkup = (template: Pick<TemplateItem, 'html_template'>) =>
  template.html_template !== undefined;

/**
 * Why `css` cannot be embedded, or undefined. Admin CSS is written into a `<style>` element
 * unescaped (it is CSS, not text), so the one sequence that would end that element is refused.
 */
export function customCssProblem(css: string): string | undefined {
  return /<\/style/i.test(css) ? 'CSS may not contain "</style"' : undefined;
}

let customBaseCss: Promise<string> | undefined;

/** The base stylesheet every admin template gets under its own CSS (read once per process). */
function baseCss(): Promise<string> {
  customBaseCss ??= readFile(join(TEMPLATES_DIR, 'base', 'document.css'), 'utf8');
  customBaseCss.catch(() => {
    customBaseCss = undefined;
  });
  return customBaseCss;
}

/**
 * Renders `template` to PDF (two passes for the table of contents, like the built-in designs).
 * Throws `TemplateError` when admin markup does not parse or render, or its CSS is refused.
 */
export async function renderTemplatePdf(
  template: RenderableTemplate,
  input: Omit<RenderDocumentInput, 'template'>,
  options: Partial<RenderPdfOptions> = {},
): Promise<TocRender> {
  if (template.html_template === undefined) {
    return renderDocumentPdf({ ...input, template: template.code }, options);
  }
  const markup = template.html_template;
  const css = template.css_template ?? '';
  const problem = customCssProblem(css);
  if (problem) throw new TemplateError(problem);
  const base = await baseCss();
  const engine = templateEngine();
  // The data is the default design's: it lays out nothing itself, it only resolves the content.
  return renderDocumentPdfWith(
    { ...input, template: DEFAULT_TEMPLATE },
    (data, fonts) =>
      engine.render(markup, {
        ...data,
        styles: trusted(`${fonts}\n${base}\n${css}`),
        template: { code: template.code, name: template.name },
      }),
    options,
  );
}

const fingerprints = new Map<string, Promise<string>>();

/** SHA-256 of every file under `dir` (relative paths and bytes), once per process. */
function hashFiles(dir: string): Promise<string> {
  let fingerprint = fingerprints.get(dir);
  if (!fingerprint) {
    fingerprint = (async () => {
      const hash = createHash('sha256');
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      const files = entries
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name))
        .sort();
      for (const file of files)
        hash
          .update(file.slice(dir.length))
          .update('\0')
          .update(await readFile(file));
      return hash.digest('hex');
    })();
    fingerprints.set(dir, fingerprint);
    fingerprint.catch(() => fingerprints.delete(dir));
  }
  return fingerprint;
}

/**
 * A hash of everything that shapes the template's output besides content and brand: the shared
 * `templates/base` files, plus the stored markup of an admin template or the files of a built-in
 * design (designs change with deployments without their catalogue `version` moving).
 */
export async function designFingerprint(template: RenderableTemplate): Promise<string> {
  const hash = createHash('sha256').update(await hashFiles(join(TEMPLATES_DIR, 'base')));
  if (hasCustomMarkup(template)) {
    hash
      .update(template.html_template ?? '')
      .update('\0')
      .update(template.css_template ?? '');
  } else {
    hash.update(await hashFiles(join(TEMPLATES_DIR, template.code)));
  }
  return hash.digest('hex');
}
