/** PRD §6.3 clients and their brand kits (`/api/v1/clients…`). */
import { del, get, post, put, segment } from '../api.ts';
import type { UploadedImage } from './agency.ts';

export interface ClientSummary {
  readonly id: string;
  readonly company_name: string;
  readonly is_active: boolean;
}

export const TONES = ['professional', 'casual', 'authoritative'] as const;
export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-500', '500+'] as const;
export const CLIENT_LOGO_TYPES = ['horizontal', 'vertical', 'round'] as const;

export interface ClientListItem extends ClientSummary {
  readonly company_slug: string;
  readonly contact_name: string | null;
  readonly contact_email: string | null;
  readonly contact_phone: string | null;
  readonly website_url: string | null;
  readonly industry: string | null;
  readonly logo_horizontal_url: string | null;
  readonly total_documents_generated: number;
  readonly total_documents_distributed: number;
  readonly last_document_generated_at: string | null;
  readonly social_connections: Record<string, boolean>;
  readonly created_at: string;
}

export interface ClientBranding {
  readonly logo_horizontal_url: string | null;
  readonly logo_vertical_url: string | null;
  readonly logo_round_url: string | null;
  readonly color_accent_1: string | null;
  readonly color_accent_2: string | null;
  readonly color_accent_3: string | null;
  readonly footer_text: string | null;
}

export interface ClientDetail extends ClientSummary {
  readonly company_slug: string;
  readonly contact_name: string | null;
  readonly contact_email: string | null;
  readonly contact_phone: string | null;
  readonly contact_title: string | null;
  readonly website_url: string | null;
  readonly industry: string | null;
  readonly company_size: string | null;
  readonly company_description: string | null;
  readonly branding: ClientBranding;
  readonly content_defaults: {
    readonly default_tone: (typeof TONES)[number];
    readonly related_services: string[];
    readonly target_keywords: string[];
    readonly additional_context: string | null;
    readonly brand_voice_notes: string | null;
  };
  readonly social_connections: Record<string, { connected: boolean; page_name?: string | null }>;
  readonly statistics: {
    readonly total_documents_generated: number;
    readonly total_documents_distributed: number;
    readonly last_document_generated_at: string | null;
    readonly last_document_distributed_at: string | null;
  };
  readonly created_at: string;
  readonly updated_at: string;
}

export interface ClientQuery {
  page: number;
  per_page: number;
  search?: string;
  industry?: string;
  is_active?: 'true' | 'false' | '';
  sort: string;
  order: 'asc' | 'desc';
}

/** Editable fields; on update `null` clears an optional one. */
export type ClientFields = Record<string, string | string[] | null | undefined>;

interface ContrastCheck {
  readonly color: string;
  readonly text_on_color: { text_color: string; ratio: number; passes_aa: boolean };
  readonly as_text: { ratio: number; passes_aa: boolean; passes_aa_large: boolean; text_safe_color: string };
}

export interface ResolvedBranding {
  readonly color_accent_1: string;
  readonly color_accent_2: string;
  readonly color_accent_3: string;
  readonly logo_horizontal_url: string | null;
  readonly logo_vertical_url: string | null;
  readonly logo_round_url: string | null;
  readonly cover_image: { url: string; width: number; height: number } | null;
  readonly sources: Record<string, 'client' | 'agency' | 'default'>;
  readonly contrast: {
    readonly background: string;
    readonly primary: ContrastCheck;
    readonly secondary: ContrastCheck;
    readonly accent: ContrastCheck;
    readonly passes_aa: boolean;
    readonly warnings: string[];
  };
}

const path = (id: string) => `/api/v1/clients/${segment(id)}`;

/** The agency's active clients by name (one page of 100, enough to pick from in a dialog). */
export const listActiveClients = () =>
  get<ClientSummary[]>('/api/v1/clients', {
    is_active: true,
    per_page: 100,
    sort: 'company_name',
    order: 'asc',
  });

export const listClients = (query: ClientQuery) => get<ClientListItem[]>('/api/v1/clients', { ...query });
export const getClient = (id: string) => get<ClientDetail>(path(id));
export const createClient = (fields: ClientFields) => post<ClientDetail>('/api/v1/clients', fields);
export const updateClient = (id: string, fields: ClientFields) => put<ClientDetail>(path(id), fields);
export const deactivateClient = (id: string, reason?: string) =>
  del<{ message: string }>(path(id), { reason });
export const reactivateClient = (id: string) => post<ClientDetail>(`${path(id)}/reactivate`);

export const updateClientBranding = (id: string, body: Record<string, string | null>) =>
  put<ClientBranding>(`${path(id)}/branding`, body);
export const getResolvedBranding = (id: string) => get<ResolvedBranding>(`${path(id)}/branding/resolved`);

function imageForm(file: File, type?: string): FormData {
  const form = new FormData();
  if (type) form.append('type', type);
  form.append('file', file);
  return form;
}

export const uploadClientLogo = (id: string, type: string, file: File) =>
  post<UploadedImage>(`${path(id)}/branding/logo`, imageForm(file, type));
export const uploadClientCover = (id: string, file: File) =>
  post<UploadedImage>(`${path(id)}/branding/cover`, imageForm(file));
