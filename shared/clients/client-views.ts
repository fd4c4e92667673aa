/**
 * How the API shows a stored client (PRD §6.3): the list row and the full detail. Encrypted OAuth
 * tokens stay in the item; only whether a channel is connected, and to which account, goes out.
 */

import { clientBrandOverrides } from '../branding/client-brand.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import { type ClientDetail, type ClientListItem, SOCIAL_CHANNELS, type SocialConnection } from './schemas.ts';

/** The item attributes the list row needs, so the list reads no descriptions or tokens. */
export const LIST_ATTRIBUTES = [
  'id',
  'agency_id',
  'company_name',
  'company_slug',
  'contact_name',
  'contact_email',
  'contact_phone',
  'website_url',
  'industry',
  'logo_horizontal_url',
  'is_active',
  'total_documents_generated',
  'total_documents_distributed',
  'last_document_generated_at',
  'oauth_linkedin_connected',
  'oauth_facebook_connected',
  'oauth_twitter_connected',
  'oauth_google_business_connected',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof ClientItem>;

/** A client as far as the list reads it. */
export type ClientListSource = Pick<ClientItem, (typeof LIST_ATTRIBUTES)[number]>;

const connectedFlag = {
  linkedin: 'oauth_linkedin_connected',
  facebook: 'oauth_facebook_connected',
  twitter: 'oauth_twitter_connected',
  google_business: 'oauth_google_business_connected',
} as const satisfies Record<(typeof SOCIAL_CHANNELS)[number], keyof ClientListSource>;

/** The list row (PRD §6.3 `GET /clients`). */
export function toClientListItem(client: ClientListSource): ClientListItem {
  return {
    id: client.id,
    company_name: client.company_name,
    company_slug: client.company_slug,
    contact_name: client.contact_name ?? null,
    contact_email: client.contact_email ?? null,
    contact_phone: client.contact_phone ?? null,
    website_url: client.website_url ?? null,
    industry: client.industry ?? null,
    logo_horizontal_url: client.logo_horizontal_url ?? null,
    is_active: client.is_active,
    total_documents_generated: client.total_documents_generated,
    total_documents_distributed: client.total_documents_distributed,
    last_document_generated_at: client.last_document_generated_at ?? null,
    social_connections: Object.fromEntries(
      SOCIAL_CHANNELS.map((channel) => [channel, client[connectedFlag[channel]] ?? false]),
    ),
    created_at: client.created_at,
  };
}

/** A channel of the detail: connected or not, and when connected, to which account since when. */
function connection(
  connected: boolean,
  account: Pick<SocialConnection, 'page_name' | 'handle' | 'location_name'>,
  connectedAt: string | undefined,
): SocialConnection {
  return connected
    ? { connected: true, ...account, connected_at: connectedAt ?? null }
    : { connected: false };
}

/** The full client (PRD §6.3 `GET /clients/{client_id}`). */
export function toClientDetail(client: ClientItem): ClientDetail {
  return {
    id: client.id,
    company_name: client.company_name,
    company_slug: client.company_slug,
    contact_name: client.contact_name ?? null,
    contact_email: client.contact_email ?? null,
    contact_phone: client.contact_phone ?? null,
    contact_title: client.contact_title ?? null,
    website_url: client.website_url ?? null,
    industry: client.industry ?? null,
    company_size: client.company_size ?? null,
    company_description: client.company_description ?? null,
    branding: clientBrandOverrides(client),
    content_defaults: {
      default_tone: client.default_tone ?? 'professional',
      related_services: client.related_services ?? [],
      target_keywords: client.target_keywords ?? [],
      additional_context: client.additional_context ?? null,
      brand_voice_notes: client.brand_voice_notes ?? null,
    },
    social_connections: {
      linkedin: connection(
        client.oauth_linkedin_connected,
        { page_name: client.oauth_linkedin_page_name ?? null },
        client.oauth_linkedin_connected_at,
      ),
      facebook: connection(
        client.oauth_facebook_connected,
        { page_name: client.oauth_facebook_page_name ?? null },
        client.oauth_facebook_connected_at,
      ),
      twitter: connection(
        client.oauth_twitter_connected,
        { handle: client.oauth_twitter_handle ?? null },
        client.oauth_twitter_connected_at,
      ),
      google_business: connection(
        client.oauth_google_business_connected,
        { location_name: client.oauth_google_business_location_name ?? null },
        client.oauth_google_business_connected_at,
      ),
    },
    statistics: {
      total_documents_generated: client.total_documents_generated,
      total_documents_distributed: client.total_documents_distributed,
      last_document_generated_at: client.last_document_generated_at ?? null,
      last_document_distributed_at: client.last_document_distributed_at ?? null,
    },
    is_active: client.is_active,
    created_at: client.created_at,
    updated_at: client.updated_at,
  };
}
