import type { ClientItem } from '../data/entities/clients.ts';

/** The client's brand-kit overrides (`null` = inherited), as the client detail embeds them. */
export function clientBrandOverrides(client: ClientItem) {
  return {
    logo_horizontal_url: client.logo_horizontal_url ?? null,
    logo_vertical_url: client.logo_vertical_url ?? null,
    logo_round_url: client.logo_round_url ?? null,
    color_accent_1: client.color_accent_1 ?? null,
    color_accent_2: client.color_accent_2 ?? null,
    color_accent_3: client.color_accent_3 ?? null,
    footer_text: client.footer_text ?? null,
  };
}
