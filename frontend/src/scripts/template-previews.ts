/**
 * Previews in the templates gallery: each card's cover thumbnail (`lib/template-previews.ts`: an
 * object URL, since `<img src>` cannot send the bearer token), fetched only when the card scrolls
 * into view because a first request renders it on the server; and the sample PDF in a viewer
 * dialog with links to open it in its own tab or download it.
 */
import { describeProblem } from '../lib/api.ts';
import { dialog } from '../lib/dialogs.ts';
import { find, h } from '../lib/dom.ts';
import { type TemplateSummary, templatePreviewPdf } from '../lib/endpoints/templates.ts';
import { templatePreviewUrl } from '../lib/template-previews.ts';

/** Loads the thumbnail into `frame` (a `.template-preview` showing a skeleton until then). */
async function loadThumbnail(frame: HTMLElement, template: TemplateSummary): Promise<void> {
  const url = await templatePreviewUrl(template);
  if (!url) {
    frame.dataset.state = 'failed';
    return;
  }
  const image = h('img', {
    src: url,
    alt: `Cover of the ${template.name} template with sample content in your brand`,
    'data-thumbnail': template.code,
  });
  image.addEventListener('load', () => {
    frame.dataset.state = 'ready';
  });
  frame.replaceChildren(image);
}

const pending = new WeakMap<HTMLElement, TemplateSummary>();

// Thumbnails render on the server the first time they are asked for; fetch only the visible ones.
const observer = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      const frame = entry.target as HTMLElement;
      const template = pending.get(frame);
      if (template) void loadThumbnail(frame, template);
    }
  },
  { rootMargin: '200px' },
);

/** Starts loading `template`'s cover into `frame` once it is near the viewport. */
export function lazyThumbnail(frame: HTMLElement, template: TemplateSummary): void {
  frame.dataset.state = 'loading';
  pending.set(frame, template);
  observer.observe(frame);
}

const viewer = dialog('template-preview-dialog');
const status = find('[data-preview-status]', viewer);
const pdfFrame = find<HTMLIFrameElement>('[data-preview-frame]', viewer);
const openLink = find<HTMLAnchorElement>('[data-preview-open]', viewer);
const downloadLink = find<HTMLAnchorElement>('[data-preview-download]', viewer);
let shownUrl: string | null = null;
let request = 0;

function showStatus(text: string, tone: 'muted' | 'down'): void {
  status.textContent = text;
  status.dataset.tone = tone;
  status.hidden = false;
}

/** Opens the viewer on `template`'s sample PDF. */
export async function openPreview(template: TemplateSummary): Promise<void> {
  const current = ++request;
  find('[data-dialog-title]', viewer).textContent = `${template.name}: sample document`;
  pdfFrame.hidden = true;
  openLink.hidden = true;
  downloadLink.hidden = true;
  showStatus('Rendering the sample document in your brand…', 'muted');
  if (!viewer.open) viewer.showModal();
  const result = await templatePreviewPdf(template.code);
  if (current !== request) return;
  if (!result.ok) {
    showStatus(`The preview could not be loaded. ${describeProblem(result)}`, 'down');
    return;
  }
  // The previous document's tab (if the user opened one) has loaded it by now.
  if (shownUrl) URL.revokeObjectURL(shownUrl);
  shownUrl = URL.createObjectURL(result.data.blob);
  pdfFrame.src = shownUrl;
  openLink.href = shownUrl;
  downloadLink.href = shownUrl;
  downloadLink.download = result.data.filename ?? `${template.code}-sample.pdf`;
  pdfFrame.hidden = false;
  openLink.hidden = false;
  downloadLink.hidden = false;
  status.hidden = true;
  viewer.dataset.previewCode = template.code;
}
