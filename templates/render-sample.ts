/**
 * `npm run pdf:sample [-- TEMPLATE_CODE [#primary #secondary #accent]]`: renders the sample
 * content with a template and brand colours to `.tmp/pdf/sample-<code>.pdf`, for designers to look
 * at (e.g. `pdftoppm -png -r 60 .tmp/pdf/sample-EXEC_01.pdf page`). The content is the clearly
 * labelled sample of `shared/content/sample-content.ts`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleContent } from '../shared/content/sample-content.ts';
import { closeBrowser } from '../shared/pdf/browser.ts';
import { DEFAULT_TEMPLATE, renderDocumentPdf } from '../shared/pdf/render-document.ts';

const [code = DEFAULT_TEMPLATE, primary = '#1b2a4a', secondary = '#3c6e91', accent = '#e0a100'] = process.argv
  .slice(2)
  .filter((arg) => arg !== '--');
const outDir = resolve(fileURLToPath(new URL('../.tmp/pdf', import.meta.url)));

try {
  const rendered = await renderDocumentPdf({
    content: sampleContent(),
    brand: { color_accent_1: primary, color_accent_2: secondary, color_accent_3: accent },
    agency: {
      name: 'Northwind Strategy',
      website: 'https://northwind.example.com',
      email: 'hello@northwind.example.com',
    },
    client: { name: 'Contoso Ltd' },
    template: code,
  });
  await mkdir(outDir, { recursive: true });
  const file = resolve(outDir, `sample-${code}.pdf`);
  await writeFile(file, rendered.pdf);
  console.log(`${file}: ${rendered.pageCount} pages`);
} finally {
  await closeBrowser();
}
