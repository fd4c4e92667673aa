/**
 * Schemas of the agency settings routes (PRD §6.7 `GET`/`PUT /api/v1/agency`), shared by the
 * handler, the route table and the OpenAPI document.
 */
import { z } from 'zod';
import { AgencyBrandingSchema } from '../branding/schemas.ts';
import { PLAN_NAMES } from '../data/entities/plans.ts';

/**
 * An IANA zone name (`Area/Location`, or `UTC`) that this runtime's ICU knows. Fixed offsets such
 * as `+02:00` are refused: schedules must follow daylight-saving changes.
 */
export function isIanaTimeZone(value: string): boolean {
  if (value !== 'UTC' && !/^[A-Za-z][A-Za-z_-]*(\/[A-Za-z0-9_+-]+)+$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const text = (max: number) => z.string().trim().min(1).max(max);
/** Optional fields accept `null` to clear them. */
const clearable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();
const webUrl = z.url({ protocol: /^https?$/, message: 'Must be an http(s) URL' }).max(500);

/** `PUT /api/v1/agency`: PRD §6.7 fields plus social links and the webhook URL. */
export const UpdateAgencyBodySchema = z
  .strictObject({
    name: text(255).optional(),
    company_website: clearable(webUrl),
    company_email: clearable(z.email().max(255)),
    company_phone: clearable(text(50)),
    company_address: clearable(text(1000)),
    footer_text: clearable(text(500)),
    social_linkedin_url: clearable(webUrl),
    social_facebook_url: clearable(webUrl),
    social_twitter_url: clearable(webUrl),
    social_instagram_url: clearable(webUrl),
    default_timezone: z
      .string()
      .refine(isIanaTimeZone, 'Must be an IANA time zone such as America/New_York')
      .optional(),
    notification_email: clearable(z.email().max(255)),
    /** Deliveries are signed and carry client data: only https endpoints. */
    webhook_url: clearable(z.url({ protocol: /^https$/, message: 'Must be an https URL' }).max(500)),
  })
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field');
export type UpdateAgencyBody = z.output<typeof UpdateAgencyBodySchema>;

const configured = z.object({ configured: z.boolean(), last4: z.string().nullable() });

/** `GET /api/v1/agency` (PRD §6.7). */
export const AgencySettingsSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  plan: z.object({
    id: z.string(),
    name: z.enum(PLAN_NAMES).nullable(),
    display_name: z.string().nullable(),
    max_seats: z.number(),
    max_templates: z.number().nullable(),
    custom_domain_allowed: z.boolean(),
    client_image_upload_allowed: z.boolean(),
    api_key_mode: z.string().nullable(),
  }),
  subscription: z.object({
    status: z.string(),
    started_at: z.string().nullable(),
    current_period_start: z.string().nullable(),
    current_period_end: z.string().nullable(),
  }),
  usage: z.object({
    seats_used: z.number(),
    seats_available: z.number(),
    api_credits_used_cents: z.number(),
    api_credits_limit_cents: z.number().nullable(),
    api_credits_percent_used: z.number().nullable(),
  }),
  branding: AgencyBrandingSchema,
  company_info: z.object({
    website: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    footer_text: z.string().nullable(),
  }),
  social_links: z.object({
    linkedin: z.string().nullable(),
    facebook: z.string().nullable(),
    twitter: z.string().nullable(),
    instagram: z.string().nullable(),
  }),
  custom_domain: z
    .object({ domain: z.string(), verified: z.boolean(), verified_at: z.string().nullable() })
    .nullable(),
  oauth_status: z.record(z.string(), z.object({ configured: z.boolean() })),
  settings: z.object({
    default_timezone: z.string(),
    notification_email: z.string().nullable(),
    webhook_url: z.string().nullable(),
    webhook_configured: z.boolean(),
    /** Whether deliveries can be signed; the secret itself is shown only when created or rotated. */
    webhook_secret_configured: z.boolean(),
  }),
  api_keys: z.object({
    anthropic: configured,
    freepik: configured,
    anthropic_configured: z.boolean(),
    anthropic_last4: z.string().nullable(),
    freepik_configured: z.boolean(),
    freepik_last4: z.string().nullable(),
  }),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AgencySettings = z.output<typeof AgencySettingsSchema>;

/** The signing secret, in the one answer that shows it (64 hex characters). */
const webhookSecret = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe(
    'HMAC-SHA256 key of the X-Content-Strategist-Signature header; shown only in this answer, store it now',
  );

/** `PUT /api/v1/agency`: the settings, plus the webhook secret when this save created it. */
export const UpdatedAgencySettingsSchema = AgencySettingsSchema.extend({
  webhook_secret: webhookSecret.optional(),
});

/** `POST /api/v1/agency/webhook-secret/rotate`. */
export const WebhookSecretAnswerSchema = z.object({ webhook_url: z.string(), webhook_secret: webhookSecret });
export type WebhookSecretAnswer = z.output<typeof WebhookSecretAnswerSchema>;
