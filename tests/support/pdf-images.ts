/** The images a PDF embeds, read with poppler's `pdfimages` (installed on the test machines). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `width×height` of every image in the PDF, in page order (`pdfimages -list`). */
export function pdfImageSizes(bytes: Uint8Array): string[] {
  const folder = mkdtempSync(join(tmpdir(), 'cs-pdf-images-'));
  try {
    const file = join(folder, 'document.pdf');
    writeFileSync(file, bytes);
    const rows = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    return rows.map((row) => {
      const [, , , width, height] = row.trim().split(/\s+/);
      return `${width}×${height}`;
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
