/**
 * SVG logos: sanitised with DOMPurify (SVG profiles) on a jsdom window, then checked for what a
 * logo must never do.
 *
 * Policy: an SVG that carried ACTIVE or EXTERNAL content — scripts, event handlers,
 * `foreignObject`/embedded documents, links or references to other documents (`href`,
 * `xlink:href`, CSS `url(…)` or `@import` pointing anywhere but `#fragment` inside the file), DTD
 * entities — is REFUSED, not cleaned: such a file is an attack or a broken export, and
 * storing a silently altered version would hide that from the uploader. Inert editor leftovers
 * (Inkscape/Sodipodi elements and namespaces, unknown attributes) are dropped and the cleaned file
 * is stored, so ordinary exports from design tools still upload.
 * The stored bytes are always the serialised sanitised DOM, never the upload.
 */
import createDOMPurify, { type DOMPurify, type UponSanitizeAttributeHookEvent } from 'dompurify';
import { JSDOM } from 'jsdom';

/** Why an SVG was refused; the message lists what was found. */
export class UnsafeSvgError extends Error {}

/** Elements whose presence (removed or not) means active or embedded content. */
const DANGEROUS_ELEMENTS = new Set([
  'script',
  'foreignobject',
  'iframe',
  'frame',
  'object',
  'embed',
  'applet',
  'handler',
  'listener',
  'base',
  'link',
  'meta',
  'audio',
  'video',
]);

/** Attributes whose value is a reference to another resource. */
const REFERENCE_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'action', 'formaction']);

/** `#id` inside the document itself. */
const LOCAL_REFERENCE = /^\s*#[^\s]*\s*$/;
/** A raster embedded in an `<image>` (data, not a reference; images never run scripts). */
const EMBEDDED_RASTER = /^\s*data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;
/** CSS `url(…)` not pointing at `#fragment`, and `@import`. */
const EXTERNAL_CSS = /url\(\s*(?!['"]?\s*#)|@import/i;

let purifier: DOMPurify | undefined;
let window: JSDOM['window'] | undefined;
/** Findings of the sanitise call in progress (DOMPurify is synchronous, so one list suffices). */
let findings: string[] = [];

function checkAttribute(node: Element, data: UponSanitizeAttributeHookEvent): void {
  const name = data.attrName.toLowerCase();
  const value = data.attrValue;
  const element = node.nodeName.toLowerCase();
  if (name.startsWith('on')) findings.push(`event handler ${name} on <${element}>`);
  else if (REFERENCE_ATTRIBUTES.has(name)) {
    const embedded = element === 'image' && EMBEDDED_RASTER.test(value);
    if (!LOCAL_REFERENCE.test(value) && !embedded)
      findings.push(`external reference ${name} on <${element}>`);
  } else if (name === 'attributename' && /href/i.test(value)) {
    findings.push(`animation of ${value} on <${element}>`);
  } else if (EXTERNAL_CSS.test(value)) findings.push(`external CSS reference in ${name} on <${element}>`);
}

function sanitiser(): { purify: DOMPurify; window: JSDOM['window'] } {
  if (!purifier || !window) {
    window = new JSDOM('').window;
    purifier = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
    purifier.addHook('uponSanitizeElement', (node, data) => {
      const name = data.tagName.toLowerCase();
      if (DANGEROUS_ELEMENTS.has(name)) findings.push(`<${name}> element`);
      if (name === 'style' && EXTERNAL_CSS.test(node.textContent ?? ''))
        findings.push('external CSS reference in <style>');
    });
    purifier.addHook('uponSanitizeAttribute', (node, data) => checkAttribute(node as Element, data));
  }
  return { purify: purifier, window };
}

/** A sanitised SVG document. */
export interface SanitisedSvg {
  /** UTF-8 XML of the cleaned document, what gets stored. */
  bytes: Buffer;
  /** Inert parts that were dropped (editor metadata), for the log. */
  dropped: string[];
}

/** True when `bytes` look like an SVG document (an `<svg` root after prolog and comments). */
export function looksLikeSvg(bytes: Buffer): boolean {
  const head = bytes
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head);
}

/**
 * Cleans an SVG upload; throws `UnsafeSvgError` when it carried active or external content (see
 * the module comment) or is not a single well-formed `<svg>` document.
 */
export function sanitiseSvg(bytes: Buffer): SanitisedSvg {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnsafeSvgError('The SVG is not valid UTF-8 text');
  }
  // Internal DTD subsets enable entity expansion ("billion laughs") and external entities; logos
  // need neither. (A plain `<!DOCTYPE svg PUBLIC …>`, common in exports, declares nothing.)
  if (/<!ENTITY|<!DOCTYPE[^>[]*\[/i.test(text)) throw new UnsafeSvgError('The SVG declares DTD entities');
  const { purify, window: win } = sanitiser();
  findings = [];
  const fragment = purify.sanitize(text, {
    USE_PROFILES: { svg: true, svgFilters: true },
    // `<use href="#id">` is how exported logos reuse shapes; the reference check above keeps it local.
    ADD_TAGS: ['use'],
    RETURN_DOM_FRAGMENT: true,
  });
  const dangerous = findings;
  findings = [];
  // DOMPurify also drops `javascript:` and other URIs it dislikes without a hook seeing them.
  for (const removed of purify.removed) {
    const attribute = 'attribute' in removed ? removed.attribute : null;
    const name = attribute?.name.toLowerCase();
    if (name && REFERENCE_ATTRIBUTES.has(name) && !dangerous.some((finding) => finding.includes(name)))
      dangerous.push(`unsafe reference ${name}`);
  }
  if (dangerous.length > 0) {
    throw new UnsafeSvgError(
      `The SVG contains content that is not allowed in a logo: ${[...new Set(dangerous)].join('; ')}`,
    );
  }
  const roots = [...fragment.children];
  const svg = roots[0];
  if (roots.length !== 1 || svg?.localName !== 'svg')
    throw new UnsafeSvgError('The file is not a single SVG document');
  const dropped = purify.removed.flatMap((removed) => {
    if ('element' in removed && removed.element) {
      const name = removed.element.nodeName.toLowerCase();
      return name === 'body' ? [] : [`<${name}>`];
    }
    return 'attribute' in removed && removed.attribute ? [`@${removed.attribute.name}`] : [];
  });
  const xml = new win.XMLSerializer().serializeToString(svg);
  return { bytes: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`, 'utf8'), dropped };
}
