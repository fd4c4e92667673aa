/**
 * Template thumbnails. The API renders a template's preview at `/api/v1/templates/{code}/preview.png`
 * behind the access token, which `<img>` cannot send, so the image is fetched and shown through an
 * object URL (one request per template and page). A template without a preview shows its initials.
 */
import { getFile, segment } from './api.ts';
import { initials } from './brand.ts';
import { h } from './dom.ts';
import type { TemplateSummary } from './endpoints/templates.ts';

const previews = new Map<string, Promise<string | null>>();

/** Where the preview lives: the API's address needs the token; another address (a CDN) does not. */
function previewSource(template: Pick<TemplateSummary, 'code' | 'preview_image_url'>): string {
  return template.preview_image_url ?? `/api/v1/templates/${segment(template.code)}/preview.png`;
}

/** An address an `<img>` can show for the template's preview, or null when it has none. */
export function templatePreviewUrl(
  template: Pick<TemplateSummary, 'code' | 'preview_image_url'>,
): Promise<string | null> {
  let preview = previews.get(template.code);
  if (!preview) {
    const source = previewSource(template);
    preview = source.startsWith('/api/')
      ? getFile(source).then((result) =>
          result.ok && result.data.blob.type.startsWith('image/')
            ? URL.createObjectURL(result.data.blob)
            : null,
        )
      : Promise.resolve(source);
    previews.set(template.code, preview);
  }
  return preview;
}

/**
 * A thumbnail box for `template`: its initials at once, replaced by the preview image once loaded.
 * The box is decorative (the template's name is always shown next to it).
 */
export function templateThumbnail(template: TemplateSummary, className = 'template-preview'): HTMLElement {
  const box = h('div', { class: className, 'aria-hidden': 'true' }, initials(template.name));
  void templatePreviewUrl(template).then((url) => {
    if (url) box.replaceChildren(h('img', { src: url, alt: '', loading: 'lazy' }));
  });
  return box;
}
