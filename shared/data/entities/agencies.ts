/**
 * Agencies: the tenants (PRD §4.2.2). The agency item is the root of its tenant; everything the
 * agency owns lives in partitions keyed by its id (`agency_id`).
 *
 * Access patterns:
 * - `byId`             (table): agency by id — get `{ id }`.
 * - `bySlug`           (gsi1):  agency by subdomain slug — query `{ slug }`.
 * - `byDomain`         (gsi2, sparse): agency by VERIFIED custom domain — query `{ custom_domain }`.
 *   Only items with `custom_domain_verified === true` carry the keys. ElectroDB re-evaluates the
 *   condition only when `custom_domain` is written, so every write of `custom_domain_verified`
 *   must also set `custom_domain` (setting a new domain unverified drops the keys).
 * - `byUsagePeriodEnd` (gsi3):  agencies whose usage period ends by a time — query `{}` with
 *   `.lte({ api_usage_period_end })`; the usage-reset sweep reads only ended periods. Agencies
 *   without a period yet carry no keys. Also all agencies — query `{}` with no bound (the
 *   super-admin directory): `createAgency` starts a period for every agency.
 *
 * Counters kept on the item and changed only by conditional atomic updates (see
 * `../invariants.ts`): `active_client_count` against `max_seats` (copied from the plan, because a
 * condition expression can only read the item it writes), and `api_usage_cents_current_period`
 * (with its exact `api_usage_nano_usd_current_period`, see `../../llm/charge-usage.ts`).
 */
import { Entity, type EntityItem } from 'electrodb';
import {
  counter,
  createdAt,
  flag,
  HEX_COLOR,
  id,
  SERVICE,
  SLUG,
  timestamp,
  updatedAt,
} from '../attributes.ts';

/** Base theme of the agency's dashboard and PDFs. */
export const COLOR_MODES = ['light', 'dark'] as const;
/** Subscription states (PRD §4.2.2 `subscription_status`). */
export const SUBSCRIPTION_STATUSES = ['active', 'past_due', 'canceled', 'suspended', 'trial'] as const;

const accent = (defaultValue: string) =>
  ({ type: 'string', required: true, default: defaultValue, validate: HEX_COLOR }) as const;

/** The agency entity. */
export const agency = new Entity({
  model: { entity: 'agency', version: '1', service: SERVICE },
  attributes: {
    id: id(),
    plan_id: { type: 'string', required: true },
    name: { type: 'string', required: true },
    slug: { type: 'string', required: true, validate: SLUG },
    // Custom domain (Enterprise only)
    custom_domain: { type: 'string' },
    custom_domain_verified: flag(false),
    custom_domain_verification_token: { type: 'string' },
    custom_domain_verified_at: timestamp(),
    // BYOK keys, encrypted (AES-256-GCM envelope, DECISIONS.md)
    anthropic_api_key_encrypted: { type: 'string' },
    anthropic_api_key_last4: { type: 'string' },
    freepik_api_key_encrypted: { type: 'string' },
    freepik_api_key_last4: { type: 'string' },
    // Branding
    color_mode: { type: COLOR_MODES, required: true, default: 'light' },
    color_accent_1: accent('#1A1A1A'),
    color_accent_2: accent('#6B7280'),
    color_accent_3: accent('#3B82F6'),
    logo_horizontal_url: { type: 'string' },
    logo_horizontal_width: { type: 'number' },
    logo_horizontal_height: { type: 'number' },
    logo_vertical_url: { type: 'string' },
    logo_vertical_width: { type: 'number' },
    logo_vertical_height: { type: 'number' },
    logo_round_url: { type: 'string' },
    logo_favicon_url: { type: 'string' },
    company_website: { type: 'string' },
    company_email: { type: 'string' },
    company_phone: { type: 'string' },
    company_address: { type: 'string' },
    footer_text: { type: 'string' },
    social_linkedin_url: { type: 'string' },
    social_facebook_url: { type: 'string' },
    social_twitter_url: { type: 'string' },
    social_instagram_url: { type: 'string' },
    // OAuth app credentials, encrypted JSON
    oauth_linkedin_encrypted: { type: 'string' },
    oauth_linkedin_configured: flag(false),
    oauth_facebook_encrypted: { type: 'string' },
    oauth_facebook_configured: flag(false),
    oauth_twitter_encrypted: { type: 'string' },
    oauth_twitter_configured: flag(false),
    oauth_google_business_encrypted: { type: 'string' },
    oauth_google_business_configured: flag(false),
    // Subscription and billing
    subscription_status: { type: SUBSCRIPTION_STATUSES, required: true, default: 'active' },
    subscription_started_at: timestamp(),
    subscription_current_period_start: timestamp(),
    subscription_current_period_end: timestamp(),
    subscription_canceled_at: timestamp(),
    subscription_cancel_at_period_end: flag(false),
    billing_customer_id: { type: 'string' },
    billing_subscription_id: { type: 'string' },
    // Seats: not in the PRD table (it counted rows in a trigger); see the module comment.
    /** Active clients; changes only in the transaction that (de)activates a client. */
    active_client_count: counter(),
    /** The plan's `max_seats`, copied here; rewrite it in the same write that changes `plan_id`. */
    max_seats: { type: 'number', required: true },
    // API credit usage per period
    api_usage_cents_current_period: counter(),
    /**
     * Not a PRD column: the period's exact cost in nano-dollars, added to atomically by every
     * charge; `api_usage_cents_current_period` is raised to it, rounded up, after each charge.
     */
    api_usage_nano_usd_current_period: counter(),
    api_usage_period_start: timestamp(),
    api_usage_period_end: timestamp(),
    /** Set once per period by a conditional write, so the 80% warning goes out once. */
    api_usage_warning_sent_at: timestamp(),
    // Settings
    default_timezone: { type: 'string', required: true, default: 'America/New_York' },
    notification_email: { type: 'string' },
    webhook_url: { type: 'string' },
    /** PRD `webhook_secret`, envelope-encrypted like the BYOK keys (see shared/agencies/webhook-secret.ts). */
    webhook_secret_encrypted: { type: 'string' },
    // Metadata
    is_active: flag(true),
    notes: { type: 'string' },
    onboarded_at: timestamp(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } },
    bySlug: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['slug'] },
      sk: { field: 'gsi1sk', composite: [] },
    },
    byDomain: {
      index: 'gsi2',
      condition: (item) => item.custom_domain_verified === true,
      pk: { field: 'gsi2pk', composite: ['custom_domain'] },
      sk: { field: 'gsi2sk', composite: [] },
    },
    byUsagePeriodEnd: {
      index: 'gsi3',
      pk: { field: 'gsi3pk', composite: [] },
      sk: { field: 'gsi3sk', composite: ['api_usage_period_end'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type AgencyItem = EntityItem<typeof agency>;
