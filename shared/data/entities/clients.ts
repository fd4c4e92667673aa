/**
 * Clients: an agency's end customers, one seat each while active (PRD §4.2.4).
 *
 * Access patterns (tenant id in every partition key):
 * - `byId`     (table): client by id within agency — get `{ agency_id, id }`; every client of the
 *   agency — query `{ agency_id }` (search/industry are filters on this bounded partition).
 * - `byActive` (gsi1):  active (or inactive) clients of an agency, newest first — query
 *   `{ agency_id, is_active }` with `order: 'desc'`. Changing `is_active` must also supply
 *   `created_at` through `.composite({ created_at })` (it is read-only) so the key can be rebuilt.
 *
 * Seats: creating an active client, or (re)activating/deactivating one, goes in one transaction with
 * the agency's `active_client_count` update (`../invariants.ts`). Uniqueness of `company_slug` per
 * agency: `unique` marker `client_slug`.
 */
import { Entity, type EntityItem } from 'electrodb';
import {
  counter,
  createdAt,
  fixedRef,
  flag,
  hexColor,
  id,
  SERVICE,
  SLUG,
  stringList,
  TONES,
  timestamp,
  updatedAt,
} from '../attributes.ts';

/** The client entity. */
export const client = new Entity({
  model: { entity: 'client', version: '1', service: SERVICE },
  attributes: {
    id: id(),
    agency_id: fixedRef(),
    company_name: { type: 'string', required: true },
    /** Generated from `company_name` by the API when not given; unique per agency. */
    company_slug: { type: 'string', required: true, validate: SLUG },
    contact_name: { type: 'string' },
    contact_email: { type: 'string' },
    contact_phone: { type: 'string' },
    contact_title: { type: 'string' },
    website_url: { type: 'string' },
    industry: { type: 'string' },
    company_size: { type: 'string' },
    company_description: { type: 'string' },
    // Branding overrides (absent = inherit from the agency)
    logo_horizontal_url: { type: 'string' },
    logo_horizontal_width: { type: 'number' },
    logo_horizontal_height: { type: 'number' },
    logo_vertical_url: { type: 'string' },
    logo_vertical_width: { type: 'number' },
    logo_vertical_height: { type: 'number' },
    logo_round_url: { type: 'string' },
    color_accent_1: hexColor(),
    color_accent_2: hexColor(),
    color_accent_3: hexColor(),
    footer_text: { type: 'string' },
    // Social OAuth tokens for posting to the client's accounts (encrypted JSON)
    oauth_linkedin_encrypted: { type: 'string' },
    oauth_linkedin_connected: flag(false),
    oauth_linkedin_connected_at: timestamp(),
    oauth_linkedin_page_name: { type: 'string' },
    oauth_facebook_encrypted: { type: 'string' },
    oauth_facebook_connected: flag(false),
    oauth_facebook_connected_at: timestamp(),
    oauth_facebook_page_name: { type: 'string' },
    oauth_twitter_encrypted: { type: 'string' },
    oauth_twitter_connected: flag(false),
    oauth_twitter_connected_at: timestamp(),
    oauth_twitter_handle: { type: 'string' },
    oauth_google_business_encrypted: { type: 'string' },
    oauth_google_business_connected: flag(false),
    oauth_google_business_connected_at: timestamp(),
    oauth_google_business_location_name: { type: 'string' },
    // Content defaults
    default_tone: { type: TONES, default: 'professional' },
    related_services: stringList(),
    target_keywords: stringList(),
    additional_context: { type: 'string' },
    brand_voice_notes: { type: 'string' },
    // Statistics
    total_documents_generated: counter(),
    total_documents_distributed: counter(),
    last_document_generated_at: timestamp(),
    last_document_distributed_at: timestamp(),
    // Status
    is_active: flag(true),
    deactivated_at: timestamp(),
    deactivation_reason: { type: 'string' },
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['agency_id'] }, sk: { field: 'sk', composite: ['id'] } },
    byActive: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['agency_id'] },
      sk: { field: 'gsi1sk', composite: ['is_active', 'created_at'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type ClientItem = EntityItem<typeof client>;
