/**
 * URL-safe slug of PRD §4.3.4: lowercase, whitespace and underscores to hyphens, anything else
 * but `[a-z0-9-]` dropped, hyphens collapsed and trimmed, at most 100 characters. Accented
 * letters keep their base letter (`Café` → `cafe`) instead of disappearing.
 */
export function slugify(text: string, maxLength = 100): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, maxLength)
    .replace(/-$/, '');
}
