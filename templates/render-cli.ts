/**
 * The designers' CLI: `npm run render -- --content <json> --template <CODE> --brand <json> --out <pdf>`.
 * Every option is optional: the clearly labelled sample content, the default template, a navy
 * brand and `.tmp/pdf/<CODE>.pdf`. `--brand` takes a JSON file or inline JSON with
 * `color_accent_1..3` (and optionally `logo_url`, `cover_image_url`, `footer_text`). Look at the
 * result with e.g. `pdftoppm -png -r 60 <pdf> page`.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SAMPLE_AGENCY, SAMPLE_CLIENT, sampleContent } from '../shared/content/sample-content.ts';
import { closeBrowser } from '../shared/pdf/browser.ts';
import { DEFAULT_TEMPLATE, type DocumentBrand, renderDocumentPdf } from '../shared/pdf/render-document.ts';

const { values } = parseArgs({
  options: {
    content: { type: 'string' },
    template: { type: 'string', default: DEFAULT_TEMPLATE },
    brand: { type: 'string' },
    out: { type: 'string' },
  },
});

/** A JSON file's content, or the argument itself parsed as JSON. */
async function json(argument: string): Promise<unknown> {
  return JSON.parse(existsSync(argument) ? await readFile(argument, 'utf8') : argument);
}

const template = values.template as string;
const brand = (
  values.brand
    ? await json(values.brand)
    : { color_accent_1: '#1b2a4a', color_accent_2: '#3c6e91', color_accent_3: '#e0a100' }
) as DocumentBrand;
const out = resolve(values.out ?? fileURLToPath(new URL(`../.tmp/pdf/${template}.pdf`, import.meta.url)));

try {
  const rendered = await renderDocumentPdf({
    content: values.content
      ? ((await json(values.content)) as Parameters<typeof renderDocumentPdf>[0]['content'])
      : sampleContent(),
    brand,
    agency: SAMPLE_AGENCY,
    client: SAMPLE_CLIENT,
    template,
  });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, rendered.pdf);
  console.log(`${out}: ${rendered.pageCount} pages, rendered in ${Math.round(rendered.renderMs)} ms`);
} finally {
  await closeBrowser();
}
