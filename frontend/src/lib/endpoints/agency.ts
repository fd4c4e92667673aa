/** PRD §6.7 the agency's own settings, brand kit and AI-provider keys. */
import { get, post, put } from '../api.ts';

export const AGENCY_LOGO_TYPES = ['horizontal', 'vertical', 'round', 'favicon'] as const;

export interface AgencyBranding {
  readonly color_mode: string;
  readonly color_accent_1: string;
  readonly color_accent_2: string;
  readonly color_accent_3: string;
  readonly logo_horizontal_url: string | null;
  readonly logo_vertical_url: string | null;
  readonly logo_round_url: string | null;
  readonly logo_favicon_url: string | null;
}

export interface ProviderKeyStatus {
  readonly configured: boolean;
  readonly last4: string | null;
}

export interface AgencySettings {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly plan: {
    readonly name: string | null;
    readonly display_name: string | null;
    readonly max_seats: number;
    readonly max_templates: number | null;
    readonly custom_domain_allowed: boolean;
    readonly client_image_upload_allowed: boolean;
    readonly api_key_mode: string | null;
  };
  readonly subscription: {
    readonly status: string;
    readonly current_period_start: string | null;
    readonly current_period_end: string | null;
  };
  readonly usage: {
    readonly seats_used: number;
    readonly seats_available: number;
    readonly api_credits_used_cents: number;
    readonly api_credits_limit_cents: number | null;
    readonly api_credits_percent_used: number | null;
  };
  readonly branding: AgencyBranding;
  readonly company_info: {
    readonly website: string | null;
    readonly email: string | null;
    readonly phone: string | null;
    readonly address: string | null;
    readonly footer_text: string | null;
  };
  readonly social_links: {
    readonly linkedin: string | null;
    readonly facebook: string | null;
    readonly twitter: string | null;
    readonly instagram: string | null;
  };
  readonly settings: {
    readonly default_timezone: string;
    readonly notification_email: string | null;
    readonly webhook_url: string | null;
    readonly webhook_secret_configured: boolean;
  };
  readonly api_keys: { readonly anthropic: ProviderKeyStatus; readonly freepik: ProviderKeyStatus };
}

export interface UploadedImage {
  readonly type: string;
  readonly url: string;
  readonly content_type: string;
  readonly width: number;
  readonly height: number;
  readonly file_size_bytes: number;
}

export type Provider = 'anthropic' | 'freepik';

export interface KeyTestResult {
  readonly provider: Provider;
  readonly valid: boolean;
  readonly status: 'valid' | 'invalid' | 'unavailable';
  readonly message: string;
}

export const getAgencySettings = () => get<AgencySettings>('/api/v1/agency');
/** The webhook's signing secret, in the one answer that shows it. */
export interface WebhookSecret {
  readonly webhook_url: string;
  readonly webhook_secret: string;
}

/** Saves settings; `webhook_secret` is there once, when this save created it. */
export const updateAgency = (body: Record<string, string | null>) =>
  put<AgencySettings & { readonly webhook_secret?: string }>('/api/v1/agency', body);
export const rotateWebhookSecret = () => post<WebhookSecret>('/api/v1/agency/webhook-secret/rotate');
export const updateAgencyBranding = (body: Record<string, string | null>) =>
  put<AgencyBranding>('/api/v1/agency/branding', body);

export function uploadAgencyLogo(type: string, file: File) {
  const form = new FormData();
  form.append('type', type);
  form.append('file', file);
  return post<UploadedImage>('/api/v1/agency/branding/logo', form);
}

export const updateProviderKeys = (body: Partial<Record<`${Provider}_api_key`, string | null>>) =>
  put<Record<Provider, ProviderKeyStatus>>('/api/v1/agency/api-keys', body);
export const testProviderKey = (provider: Provider, apiKey?: string) =>
  post<KeyTestResult>('/api/v1/agency/api-keys/test', { provider, api_key: apiKey });
