/**
 * The agency's own settings (PRD §6.7): the `GET /api/v1/agency` view — plan, subscription, seats
 * and credit usage, brand kit, company info, social links, custom domain, which OAuth apps and
 * provider keys are configured — and `PUT /api/v1/agency`. Secrets never appear: encrypted
 * credentials are reported as configured flags and the provider keys by their last four
 * characters only, the webhook's signing secret by whether there is one (it is shown once, see
 * webhook-secret.ts).
 */
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { PlanItem } from '../data/entities/plans.ts';
import { service } from '../data/service.ts';
import { ApiError, notFound } from '../http/errors.ts';
import type { AgencyCaller } from '../tenancy/agency-scope.ts';
import { type AuditRequest, changesOf, recordSettingsAudit } from './agency-audit.ts';
import { setAndRemove } from './partial-update.ts';
import type { AgencySettings, UpdateAgencyBody, WebhookSecretAnswer } from './schemas.ts';
import { newWebhookSecret, secretRaceError, secretStillIs, webhookSecretChange } from './webhook-secret.ts';

const OAUTH_APPS = ['linkedin', 'facebook', 'twitter', 'google_business'] as const;

/** Credits in `included` mode come from the plan's allowance; BYOK agencies pay their provider. */
function creditUsage(agency: AgencyItem, plan: PlanItem | null) {
  const limit = plan?.api_key_mode === 'included' ? plan.included_api_credits_cents : null;
  const used = agency.api_usage_cents_current_period;
  return {
    api_credits_used_cents: used,
    api_credits_limit_cents: limit,
    api_credits_percent_used: limit ? Math.round((used / limit) * 1000) / 10 : null,
  };
}

function providerKey(last4: string | undefined) {
  return { configured: Boolean(last4), last4: last4 ?? null };
}

/** The PRD §6.7 view of `agency` on `plan`. */
export function agencySettingsView(agency: AgencyItem, plan: PlanItem | null): AgencySettings {
  const anthropic = providerKey(agency.anthropic_api_key_last4);
  const freepik = providerKey(agency.freepik_api_key_last4);
  return {
    id: agency.id,
    name: agency.name,
    slug: agency.slug,
    plan: {
      id: agency.plan_id,
      name: plan?.name ?? null,
      display_name: plan?.display_name ?? null,
      // The agency's copy is what the seat transaction checks (see entities/agencies.ts).
      max_seats: agency.max_seats,
      max_templates: plan?.max_templates ?? null,
      custom_domain_allowed: plan?.custom_domain_allowed ?? false,
      client_image_upload_allowed: plan?.client_image_upload_allowed ?? false,
      api_key_mode: plan?.api_key_mode ?? null,
    },
    subscription: {
      status: agency.subscription_status,
      started_at: agency.subscription_started_at ?? null,
      current_period_start: agency.subscription_current_period_start ?? null,
      current_period_end: agency.subscription_current_period_end ?? null,
    },
    usage: {
      seats_used: agency.active_client_count,
      seats_available: Math.max(0, agency.max_seats - agency.active_client_count),
      ...creditUsage(agency, plan),
    },
    branding: {
      color_mode: agency.color_mode,
      color_accent_1: agency.color_accent_1,
      color_accent_2: agency.color_accent_2,
      color_accent_3: agency.color_accent_3,
      logo_horizontal_url: agency.logo_horizontal_url ?? null,
      logo_vertical_url: agency.logo_vertical_url ?? null,
      logo_round_url: agency.logo_round_url ?? null,
      logo_favicon_url: agency.logo_favicon_url ?? null,
    },
    company_info: {
      website: agency.company_website ?? null,
      email: agency.company_email ?? null,
      phone: agency.company_phone ?? null,
      address: agency.company_address ?? null,
      footer_text: agency.footer_text ?? null,
    },
    social_links: {
      linkedin: agency.social_linkedin_url ?? null,
      facebook: agency.social_facebook_url ?? null,
      twitter: agency.social_twitter_url ?? null,
      instagram: agency.social_instagram_url ?? null,
    },
    custom_domain: agency.custom_domain
      ? {
          domain: agency.custom_domain,
          verified: agency.custom_domain_verified,
          verified_at: agency.custom_domain_verified_at ?? null,
        }
      : null,
    oauth_status: Object.fromEntries(
      OAUTH_APPS.map((app) => [app, { configured: agency[`oauth_${app}_configured`] }]),
    ),
    settings: {
      default_timezone: agency.default_timezone,
      notification_email: agency.notification_email ?? null,
      webhook_url: agency.webhook_url ?? null,
      webhook_configured: Boolean(agency.webhook_url),
      webhook_secret_configured: Boolean(agency.webhook_secret_encrypted),
    },
    // Nested as `PUT /api/v1/agency/api-keys` answers, plus the PRD §6.7 flat keys.
    api_keys: {
      anthropic,
      freepik,
      anthropic_configured: anthropic.configured,
      anthropic_last4: anthropic.last4,
      freepik_configured: freepik.configured,
      freepik_last4: freepik.last4,
    },
    created_at: agency.created_at,
    updated_at: agency.updated_at,
  };
}

async function loadAgency(agencyId: string): Promise<AgencyItem> {
  const { data } = await service().entities.agency.get({ id: agencyId }).go({ consistent: true });
  if (!data) throw notFound('Agency');
  return data;
}

async function loadPlan(planId: string): Promise<PlanItem | null> {
  return (await service().entities.plan.get({ id: planId }).go()).data;
}

/** `GET /api/v1/agency`. */
export async function agencySettings(caller: AgencyCaller): Promise<AgencySettings> {
  const agency = await loadAgency(caller.agency_id);
  return agencySettingsView(agency, await loadPlan(agency.plan_id));
}

/**
 * `PUT /api/v1/agency`: `null` clears an optional field. The first save of a webhook URL creates
 * its signing secret, returned here once (`webhook_secret`); clearing the URL removes the secret.
 */
export async function updateAgencySettings(
  caller: AgencyCaller,
  body: UpdateAgencyBody,
  request: AuditRequest,
): Promise<AgencySettings & { webhook_secret?: string }> {
  const before = await loadAgency(caller.agency_id);
  const { set, remove } = setAndRemove(body);
  const secretChange = webhookSecretChange(before, body.webhook_url);
  const created = secretChange === 'create' ? await newWebhookSecret(caller.agency_id) : undefined;
  const patch = service()
    .entities.agency.patch({ id: caller.agency_id })
    .set(created ? { ...set, webhook_secret_encrypted: created.webhook_secret_encrypted } : set)
    .remove([
      ...remove,
      ...(secretChange === 'remove' ? ['webhook_secret_encrypted'] : []),
    ] as 'notification_email'[]);
  const { data } = await (secretChange === 'keep'
    ? patch
    : patch.where(secretStillIs(before.webhook_secret_encrypted))
  )
    .go({ response: 'all_new' })
    .catch((error: unknown) => {
      throw secretRaceError(error);
    });
  await recordSettingsAudit(
    caller,
    'agency_update',
    { type: 'agency', id: before.id, name: before.name },
    {
      changes: changesOf(before, body),
      // Never the secret itself: only that it came or went.
      ...(secretChange === 'keep' ? {} : { metadata: { webhook_secret: `${secretChange}d` } }),
    },
    request,
  );
  const view = agencySettingsView(data as AgencyItem, await loadPlan(before.plan_id));
  return created ? { ...view, webhook_secret: created.secret } : view;
}

/**
 * `POST /api/v1/agency/webhook-secret/rotate`: a new signing secret, returned once; deliveries
 * are signed with it from now on. 422 VAL_002 while no webhook URL is saved.
 */
export async function rotateWebhookSecret(
  caller: AgencyCaller,
  request: AuditRequest,
): Promise<WebhookSecretAnswer> {
  const before = await loadAgency(caller.agency_id);
  if (!before.webhook_url) {
    throw new ApiError('VAL_002', {
      message: 'Save a webhook URL first: the secret signs the deliveries sent to it',
      details: [{ field: 'webhook_url', message: 'No webhook URL is saved' }],
    });
  }
  const { secret, webhook_secret_encrypted } = await newWebhookSecret(caller.agency_id);
  const unchanged = secretStillIs(before.webhook_secret_encrypted);
  const { data } = await service()
    .entities.agency.patch({ id: caller.agency_id })
    .set({ webhook_secret_encrypted })
    // The URL may have been removed meanwhile (which removes its secret): no secret without a URL.
    .where(
      (attributes, operations) =>
        `${operations.exists(attributes.webhook_url)} AND ${unchanged(attributes, operations)}`,
    )
    .go({ response: 'all_new' })
    .catch((error: unknown) => {
      throw secretRaceError(error);
    });
  await recordSettingsAudit(
    caller,
    'agency_webhook_secret_rotate',
    { type: 'agency', id: before.id, name: before.name },
    {
      metadata: {
        webhook_url: before.webhook_url,
        replaced_existing: Boolean(before.webhook_secret_encrypted),
      },
    },
    request,
  );
  return { webhook_url: (data as AgencyItem).webhook_url ?? before.webhook_url, webhook_secret: secret };
}
