/**
 * SVG logos: parsed as strict, namespace-aware XML with a streaming parser (`saxes`, no DOM), checked
 * for what a logo must never do, and re-serialised from an ALLOWLIST of SVG elements and attributes.
 *
 * Policy: an SVG that carried ACTIVE or EXTERNAL content — scripts, event handlers,
 * `foreignObject`/embedded documents, links or references to other documents (`href`,
 * `xlink:href`, CSS `url(…)` or `@import` pointing anywhere but `#fragment` inside the file), DTD
 * internal subsets and entities, processing instructions — is REFUSED, not cleaned: such a file is
 * an attack or a broken export, and storing a silently altered version would hide that from the
 * uploader. These checks run over the whole file, including parts that would be dropped anyway.
 * Inert leftovers (Inkscape/Sodipodi elements and namespaces, `metadata`, comments, a plain
 * `<!DOCTYPE svg PUBLIC …>`, elements and attributes not on the allowlist) are dropped and the
 * cleaned file is stored, so ordinary exports from design tools still upload.
 * The stored bytes are always the re-serialised allowlisted tree (text and attribute values
 * escaped), never the upload.
 */
import { type SaxesAttributeNS, SaxesParser, type SaxesTagNS } from 'saxes';
import {
  ALLOWED_ATTRIBUTES,
  ALLOWED_ELEMENTS,
  ALLOWED_NAMESPACED_ATTRIBUTES,
  DANGEROUS_ELEMENTS,
  REFERENCE_ATTRIBUTES,
  SVG_NS,
  XLINK_NS,
  XMLNS_NS,
} from './svg-allowlist.ts';

/** Why an SVG was refused; the message lists what was found. */
export class UnsafeSvgError extends Error {}

/** Deepest element nesting accepted. */
const MAX_DEPTH = 256;

/** `#id` inside the document itself. */
const LOCAL_REFERENCE = /^\s*#[^\s]*\s*$/;
/** A raster embedded in an `<image>` (data, not a reference; images never run scripts). */
const EMBEDDED_RASTER = /^\s*data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;
/**
 * CSS that loads or runs something: `url(…)` not pointing at `#fragment`, `@import`, the other
 * functions that take a URL string, and legacy script hooks.
 */
const UNSAFE_CSS = [
  /url\(\s*(?!['"]?\s*#)/i,
  /@import/i,
  /image-set\s*\(/i,
  /(?:^|[^a-z0-9_-])(?:image|src|element|cross-fade)\s*\(/i,
  /expression\s*\(/i,
  /-moz-binding/i,
  /behavior\s*:/i,
];

/** `text` with CSS escapes (`\75 rl(` is `url(`) resolved. */
function unescapeCss(text: string): string {
  return text.replace(
    /\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|([\s\S]))/gi,
    (_match, hex?: string, char?: string) => {
      if (hex === undefined) return char === '\n' ? '' : (char ?? '');
      const code = Number.parseInt(hex, 16);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : '\uFFFD';
    },
  );
}

/** True when `css` (a style sheet, a `style` attribute or any presentation value) loads or runs something. */
function unsafeCss(css: string): boolean {
  const uncommented = (text: string) => text.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
  const unescaped = unescapeCss(css);
  // Checked raw and decoded, with and without comments: any reading that loads something refuses.
  const readings = [css, uncommented(css), unescaped, uncommented(unescaped)];
  return readings.some((reading) => UNSAFE_CSS.some((pattern) => pattern.test(reading)));
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const escapeAttribute = (value: string) =>
  escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');

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

/** An open element while streaming: whether it is written out, and its written name. */
interface Open {
  kept: boolean;
  name: string;
  /** Inside a `<style>` (its text is CSS). */
  style: boolean;
}

/** Findings (refusal reasons) about one attribute of `<element>`, wherever it is in the file. */
function checkAttribute(element: string, attribute: SaxesAttributeNS, findings: string[]): void {
  if (attribute.uri === XMLNS_NS || attribute.name === 'xmlns') return;
  const local = attribute.local.toLowerCase();
  const { name, value } = attribute;
  if (local.startsWith('on')) findings.push(`event handler ${name} on <${element}>`);
  else if (REFERENCE_ATTRIBUTES.has(local)) {
    const embedded = element.toLowerCase() === 'image' && EMBEDDED_RASTER.test(value);
    if (!LOCAL_REFERENCE.test(value) && !embedded)
      findings.push(`external reference ${name} on <${element}>`);
  } else if (local === 'attributename' && /href/i.test(value)) {
    findings.push(`animation of ${value} on <${element}>`);
  } else if (unsafeCss(value)) findings.push(`external CSS reference in ${name} on <${element}>`);
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
  // need neither. (A plain `<!DOCTYPE svg PUBLIC …>`, common in exports, declares nothing and is
  // dropped; the parser never reads DTDs and knows only the five predefined entities.)
  if (/<!ENTITY|<!DOCTYPE[^>[]*\[/i.test(text)) throw new UnsafeSvgError('The SVG declares DTD entities');

  const findings: string[] = [];
  const dropped = new Set<string>();
  const out: string[] = [];
  const stack: Open[] = [];
  /** The SVG namespace as the document uses it (`''` for a root `<svg>` without `xmlns`). */
  let svgUri: string | undefined;
  let rootIndex = -1;
  let rootAttributes = '';
  let xlinkUsed = false;
  let rootCount = 0;
  /** A written start tag still waiting for its `>` (or `/>` if nothing follows). */
  let startTagOpen = false;
  let css = '';

  const write = (part: string) => {
    if (startTagOpen) {
      out.push('>');
      startTagOpen = false;
    }
    out.push(part);
  };

  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('doctype', (doctype) => {
    if (doctype.includes('[')) findings.push('a DTD internal subset');
    else dropped.add('<!DOCTYPE>');
  });
  parser.on('processinginstruction', (pi) => findings.push(`processing instruction <?${pi.target}?>`));
  parser.on('comment', () => dropped.add('<!--comment-->'));
  parser.on('opentag', (tag: SaxesTagNS) => {
    // The parser's cost per element grows with nesting depth; a logo nests a few dozen levels.
    if (stack.length >= MAX_DEPTH) throw new UnsafeSvgError('The SVG nests elements too deeply');
    const parent = stack[stack.length - 1];
    const lower = tag.local.toLowerCase();
    if (DANGEROUS_ELEMENTS.has(lower)) findings.push(`<${lower}> element`);
    for (const attribute of Object.values(tag.attributes)) checkAttribute(tag.name, attribute, findings);
    if (!parent) {
      rootCount += 1;
      if (tag.local !== 'svg' || (tag.uri !== SVG_NS && tag.uri !== '')) {
        findings.push(`a <${tag.name}> root element`);
        svgUri = SVG_NS;
      } else svgUri = tag.uri;
    }
    const kept =
      (parent ? parent.kept && !parent.style : true) && tag.uri === svgUri && ALLOWED_ELEMENTS.has(tag.local);
    const style = (parent?.style ?? false) || lower === 'style';
    if (lower === 'style' && !parent?.style) css = '';
    stack.push({ kept, name: tag.local, style });
    if (!kept) {
      if (!parent || parent.kept) dropped.add(`<${tag.name}>`);
      return;
    }
    let attributes = '';
    for (const attribute of Object.values(tag.attributes)) {
      if (attribute.uri === XMLNS_NS || attribute.name === 'xmlns') continue;
      const namespaced = ALLOWED_NAMESPACED_ATTRIBUTES.get(attribute.uri);
      if (attribute.uri === '' && ALLOWED_ATTRIBUTES.has(attribute.local)) {
        attributes += ` ${attribute.local}="${escapeAttribute(attribute.value)}"`;
      } else if (namespaced?.names.has(attribute.local)) {
        if (attribute.uri === XLINK_NS) xlinkUsed = true;
        attributes += ` ${namespaced.prefix}:${attribute.local}="${escapeAttribute(attribute.value)}"`;
      } else dropped.add(`@${attribute.name}`);
    }
    if (!parent) {
      // The root's start tag is written at the end, once it is known whether `xlink:` is used.
      write('');
      rootIndex = out.length - 1;
      rootAttributes = attributes;
    } else write(`<${tag.local}${attributes}`);
    startTagOpen = true;
  });
  const onText = (content: string) => {
    const current = stack[stack.length - 1];
    if (current?.style) css += content;
    if (current?.kept) write(escapeText(content));
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    const current = stack.pop();
    const outermostStyle = current?.style && !stack[stack.length - 1]?.style;
    if (outermostStyle && unsafeCss(css)) findings.push('external CSS reference in <style>');
    if (!current?.kept) return;
    if (startTagOpen) {
      out.push('/>');
      startTagOpen = false;
    } else out.push(`</${current.name}>`);
  });

  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof UnsafeSvgError) throw error;
    if (findings.length === 0) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new UnsafeSvgError(`The SVG is not well-formed XML (${reason})`);
    }
  }
  if (findings.length > 0) {
    throw new UnsafeSvgError(
      `The SVG contains content that is not allowed in a logo: ${[...new Set(findings)].join('; ')}`,
    );
  }
  if (rootCount !== 1 || rootIndex < 0) throw new UnsafeSvgError('The file is not a single SVG document');
  const namespaces = ` xmlns="${SVG_NS}"${xlinkUsed ? ` xmlns:xlink="${XLINK_NS}"` : ''}`;
  out[rootIndex] = `<svg${namespaces}${rootAttributes}`;
  return {
    bytes: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${out.join('')}\n`, 'utf8'),
    dropped: [...dropped],
  };
}
