/** SVG text helpers: XML escaping, a font-free text width estimate and word wrapping. */

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text and attribute values; also drops characters XML 1.0 forbids. */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/** An id fragment safe in XML ids and CSS `url(#…)`: letters, digits, `-` and `_`. */
export function idFragment(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^([^A-Za-z])/, 'c$1');
}

// Advance widths (em) of a typical sans-serif (Helvetica/Arial-like), enough to lay out labels
// without a DOM or font files; wide characters (CJK, emoji) count as 1em.
const NARROW = new Set([..."iIjl.,:;!|'’`()[]{}/\\ tf"]);
const WIDE = new Set([...'mwMW@%']);

/** Approximate width of `text` at `fontSize` (same unit as `fontSize`). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x1100) em += 1;
    else if (NARROW.has(char)) em += 0.3;
    else if (WIDE.has(char)) em += 0.85;
    else if (char >= 'A' && char <= 'Z') em += 0.66;
    else if (char >= '0' && char <= '9') em += 0.56;
    else em += 0.52;
  }
  return em * fontSize * (bold ? 1.07 : 1);
}

/** Word-wrapped lines no wider than `maxWidth`; words longer than a line are broken. Never drops text. */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  const fits = (candidate: string) => textWidth(candidate, fontSize, bold) <= maxWidth;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    let rest = word;
    while (!fits(rest)) {
      let cut = 1;
      const chars = [...rest];
      while (cut < chars.length && fits(chars.slice(0, cut + 1).join(''))) cut += 1;
      lines.push(chars.slice(0, cut).join(''));
      rest = chars.slice(cut).join('');
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Rounds coordinates so output is short and byte-for-byte stable. */
export function r(value: number): string {
  return String(Math.round(value * 100) / 100);
}
