/** PRD §6.6 `GET /api/v1/agency`, as far as the dashboard's theming needs it. */
import { get } from '../api.ts';

export interface AgencySettings {
  readonly name: string;
  readonly branding: {
    readonly color_mode: string;
    readonly color_accent_1: string;
    readonly color_accent_2: string;
    readonly color_accent_3: string;
    readonly logo_round_url: string | null;
    readonly logo_favicon_url: string | null;
  };
}

export const getAgencySettings = () => get<AgencySettings>('/api/v1/agency');
