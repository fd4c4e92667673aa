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

/** The parts of an agency's brand kit (`GET /api/v1/agency` → `branding`) the dashboard shows. */
export interface AgencyBrand {
  readonly name: string;
  readonly color_accent_1: string;
  readonly color_accent_2: string;
  readonly color_accent_3: string;
  readonly logo_round_url: string | null;
  readonly logo_favicon_url: string | null;
}

const HEX = /^#[0-9a-f]{6}$/i;

/** WCAG 2.x relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map((start) => {
    const channel = Number.parseInt(hex.slice(start, start + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * Black or white, whichever contrasts more with `hex` (PRD §8.2 derives text colours on brand
 * colours the same way; the API's PDF colours use the same WCAG formula).
 */
export function contrastText(hex: string): '#000000' | '#ffffff' {
  const l = luminance(hex);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/**
 * Paints the page in the agency's brand: the theme's `--brand-*` variables (theme.css derives
 * hovers and tints from them), the round logo in place of the initials, and the favicon. Values
 * that are not `#rrggbb` are ignored rather than written into a style.
 */
export function applyBrand(brand: AgencyBrand): void {
  const root = document.documentElement.style;
  const colours: [string, string, boolean][] = [
    ['--brand-primary', brand.color_accent_1, true],
    ['--brand-secondary', brand.color_accent_2, true],
    ['--brand-accent', brand.color_accent_3, false],
  ];
  for (const [variable, colour, withContrast] of colours) {
    if (!HEX.test(colour)) continue;
    root.setProperty(variable, colour);
    if (withContrast) root.setProperty(`${variable}-contrast`, contrastText(colour));
  }
  for (const logo of document.querySelectorAll<HTMLElement>('[data-brand-logo]')) {
    if (brand.logo_round_url) {
      const image = document.createElement('img');
      image.src = brand.logo_round_url;
      image.alt = '';
      logo.replaceChildren(image);
      logo.dataset.image = '';
    } else {
      logo.textContent = initials(brand.name);
      delete logo.dataset.image;
    }
  }
  const favicon = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (favicon && brand.logo_favicon_url) {
    favicon.href = brand.logo_favicon_url;
    favicon.removeAttribute('type');
  }
}

const BRAND_STORAGE_KEY = 'cs.brand';

/**
 * The brand this tab last showed (sessionStorage is per host, so per agency): applied before the
 * API answers, so pages do not flash the default theme on every navigation.
 */
export function rememberedBrand(): AgencyBrand | null {
  try {
    return JSON.parse(sessionStorage.getItem(BRAND_STORAGE_KEY) ?? 'null') as AgencyBrand | null;
  } catch {
    return null;
  }
}

export function rememberBrand(brand: AgencyBrand): void {
  try {
    sessionStorage.setItem(BRAND_STORAGE_KEY, JSON.stringify(brand));
  } catch {
    // Without storage the brand is simply fetched again on the next page.
  }
}
