/**
 * Liquid as a sandbox for document templates, including ones agency admins upload:
 * - autoescape: every `{{ }}` output is HTML-escaped, so content can never inject markup or script;
 *   `raw` only passes {@link TrustedHtml} that our own code built (font CSS, SVG charts) and escapes
 *   anything else;
 * - no file system: partials/layouts come from an in-memory copy of the built-in `templates/`
 *   directory, so `{% include '/etc/passwd' %}` or `'../../package.json'` find nothing;
 * - unknown filters are errors, only own properties of data are readable (no `constructor`,
 *   `__proto__`), and parse size, render time, memory and output size are limited.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';

/**
 * The built-in templates: `templates/` at the repository root, or where `TEMPLATES_DIR` says. A
 * Lambda bundle is one file with no repository around it, so CDK copies the templates next to it
 * and sets the variable (infra/aws/constructs/pdf-assets.ts).
 */
export const TEMPLATES_DIR =
  process.env.TEMPLATES_DIR || fileURLToPath(new URL('../../templates/', import.meta.url));

/** HTML produced by our code (never by content or an admin) that templates may output unescaped. */
export class TrustedHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export function trusted(html: string): TrustedHtml {
  return new TrustedHtml(html);
}

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

export interface TemplateLimits {
  /** Largest template source in characters (default 512 KiB). */
  readonly maxTemplateChars?: number;
  /** Wall-clock budget for one render (default 5 s). */
  readonly renderTimeoutMs?: number;
  /** Liquid's allocation budget for strings/arrays built while rendering (default 64 M units). */
  readonly memoryLimit?: number;
  /** Largest rendered output in characters (default 16 MiB). */
  readonly maxOutputChars?: number;
}

export interface TemplateEngineOptions extends TemplateLimits {
  /** Where the built-in partials live (default {@link TEMPLATES_DIR}). */
  readonly templatesDir?: string;
}

export interface TemplateEngine {
  /** Renders template source (e.g. an admin's upload) with `data`. */
  render(source: string, data: Record<string, unknown>): Promise<string>;
  /** Renders a built-in template by name, e.g. `base/document`. */
  renderNamed(name: string, data: Record<string, unknown>): Promise<string>;
  /** Parses `source`; returns the problem, or undefined if it is a valid template. */
  check(source: string): string | undefined;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Escapes text for inside a quoted CSS string; the result is also inert in any HTML context. */
export function cssString(value: unknown): string {
  let out = '';
  for (const char of String(value ?? '')) {
    out += /^[A-Za-z0-9]$/.test(char) ? char : `\\${(char.codePointAt(0) ?? 0).toString(16)} `;
  }
  return out;
}

/** Every `*.liquid` file under `dir`, keyed by its relative path with `/` separators. */
function loadTemplates(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.liquid')) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path).split(sep).join('/')] = readFileSync(path, 'utf8');
  }
  return files;
}

export function createTemplateEngine(options: TemplateEngineOptions = {}): TemplateEngine {
  const maxTemplateChars = options.maxTemplateChars ?? 512 * 1024;
  const maxOutputChars = options.maxOutputChars ?? 16 * 1024 * 1024;
  const liquid = new Liquid({
    templates: loadTemplates(options.templatesDir ?? TEMPLATES_DIR),
    extname: '.liquid',
    relativeReference: false,
    outputEscape: 'escape',
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    cache: true,
    parseLimit: maxTemplateChars,
    renderLimit: options.renderTimeoutMs ?? 5_000,
    memoryLimit: options.memoryLimit ?? 64 * 1024 * 1024,
  });
  // `raw` is the one way past autoescape: only for HTML our code marked as trusted.
  liquid.registerFilter('raw', {
    raw: true,
    handler: (value: unknown) => (value instanceof TrustedHtml ? value.html : escapeHtml(value)),
  });

  // Text inside a quoted CSS string (`content: "{{ title | css_string }}"`): everything but ASCII
  // letters and digits becomes a CSS hex escape, so no quote, `<` or `</style>` survives.
  liquid.registerFilter('css_string', { raw: true, handler: (value: unknown) => cssString(value) });

  const run = async (render: () => Promise<unknown>): Promise<string> => {
    let output: string;
    try {
      output = String(await render());
    } catch (error) {
      throw new TemplateError(error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (output.length > maxOutputChars) {
      throw new TemplateError(`template output exceeds ${maxOutputChars} characters`);
    }
    return output;
  };

  return {
    render(source, data) {
      return run(async () => {
        if (source.length > maxTemplateChars) {
          throw new TemplateError(`template exceeds ${maxTemplateChars} characters`);
        }
        return liquid.parseAndRender(source, data);
      });
    },
    renderNamed(name, data) {
      return run(() => liquid.renderFile(name, data));
    },
    check(source) {
      try {
        if (source.length > maxTemplateChars) return `template exceeds ${maxTemplateChars} characters`;
        liquid.parse(source);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  };
}

let shared: TemplateEngine | undefined;

/** The process's engine over the built-in templates (created on first use). */
export function templateEngine(): TemplateEngine {
  shared ??= createTemplateEngine();
  return shared;
}
