/**
 * Build-time brand: the platform's own name. An agency's name, logo and colours replace it at
 * runtime (the dashboard is one static build served to every agency).
 */
export const PRODUCT_NAME = 'Content Strategist';

/** Up to two initials for the logo placeholder, e.g. "Content Strategist" → "CS". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}
