/**
 * Renders a template preview: the sample document as PDF, and its cover as a PNG thumbnail for
 * the gallery, taken with the same Chromium from the final HTML (the cover is a full-bleed
 * letter-size block, so a screenshot of it is the PDF's first page).
 */
import type { Page } from 'puppeteer-core';
import { withPage } from '../pdf/browser.ts';
import type { RenderDocumentInput } from '../pdf/render-document.ts';
import { type RenderableTemplate, renderTemplatePdf } from './render-template.ts';

/** Width of the cover thumbnail in pixels (a 4:3-ish gallery card at 2× density). */
export const THUMBNAIL_WIDTH = 480;

/** Letter size in CSS pixels, for a layout without a `.cover` element. */
const LETTER = { width: 816, height: 1056 } as const;

export interface RenderedPreview {
  readonly pdf: Uint8Array;
  readonly png: Uint8Array;
  readonly pageCount: number;
}

async function screenshotCover(page: Page, html: string, width: number): Promise<Uint8Array> {
  // Print styles apply (designs may hide screen-only bits); the layout is the same block.
  await page.emulateMediaType('print');
  await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
  await page.evaluate('document.fonts.ready.then(() => true)');
  const cover = await page.$('.cover');
  const box = (await cover?.boundingBox()) ?? { x: 0, y: 0, ...LETTER };
  return page.screenshot({ type: 'png', clip: { ...box, scale: width / box.width } });
}

/** The PNG of the cover of `html` (a rendered document), `width` pixels wide. */
export function coverPng(html: string, width = THUMBNAIL_WIDTH): Promise<Uint8Array> {
  return withPage((page) => screenshotCover(page, html, width));
}

/** PDF and cover thumbnail of `template` with `input` (the preview sample). */
export async function renderPreview(
  template: RenderableTemplate,
  input: Omit<RenderDocumentInput, 'template'>,
): Promise<RenderedPreview> {
  const rendered = await renderTemplatePdf(template, input, {
    metadata: {
      title: `Sample document: ${input.content.title}`,
      author: input.agency.name,
      subject: `Preview of the ${template.name} template`,
      keywords: ['sample', template.code],
    },
  });
  return { pdf: rendered.pdf, png: await coverPng(rendered.html), pageCount: rendered.pageCount };
}
