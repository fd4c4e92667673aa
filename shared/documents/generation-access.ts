/**
 * Whether an agency may start a generation now, and with which model key (PRD §1.4 API usage),
 * decided before anything is written:
 *
 * - a suspended or canceled subscription generates nothing (403 BIZ_003);
 * - `included` plans (Enterprise) run on the platform's key until the period's credits are used
 *   up (402 BIZ_004);
 * - `byok` plans (Pro) run on the agency's own Anthropic key; without one the answer tells the
 *   agency where to add it (403 BIZ_005);
 * - a deployment with no Anthropic key at all runs the offline model where offline mode is allowed
 *   (the local runtime only), so a machine without internet still generates end to end.
 */
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { PlanItem } from '../data/entities/plans.ts';
import { ApiError } from '../http/errors.ts';
import { offlineModelAllowed } from '../llm/offline/offline-gateway.ts';
import { agencyNeedsOwnKey, ownKeyRequiredError, readPlatformKey } from '../llm/resolve-gateway.ts';

/** Which key a run will use. */
export type GenerationKeySource = 'agency_key' | 'platform_key' | 'offline';

/** What the decision depends on, gathered by the caller. */
export interface GenerationAccessFacts {
  agency: Pick<
    AgencyItem,
    'subscription_status' | 'anthropic_api_key_encrypted' | 'api_usage_cents_current_period'
  >;
  plan: Pick<PlanItem, 'api_key_mode' | 'included_api_credits_cents'>;
  /** The platform's own Anthropic key is configured (Secrets Manager). */
  platformKeyConfigured: boolean;
  /** The offline model may run here (never in the AWS build). */
  offlineAllowed: boolean;
}

const INACTIVE_SUBSCRIPTIONS = new Set<AgencyItem['subscription_status']>(['suspended', 'canceled']);

/** The key source a new run will use; throws the PRD error that stops it. */
export function decideGenerationAccess(facts: GenerationAccessFacts): GenerationKeySource {
  const { agency, plan, platformKeyConfigured, offlineAllowed } = facts;
  if (INACTIVE_SUBSCRIPTIONS.has(agency.subscription_status)) throw new ApiError('BIZ_003');
  const noKeyAnywhere = !platformKeyConfigured && !agency.anthropic_api_key_encrypted;
  if (plan.api_key_mode === 'byok') {
    if (!agencyNeedsOwnKey(agency, plan)) return 'agency_key';
    if (noKeyAnywhere && offlineAllowed) return 'offline';
    throw ownKeyRequiredError();
  }
  if (agency.api_usage_cents_current_period >= plan.included_api_credits_cents) {
    throw new ApiError('BIZ_004', {
      details: {
        used_cents: agency.api_usage_cents_current_period,
        included_cents: plan.included_api_credits_cents,
      },
    });
  }
  if (platformKeyConfigured) return 'platform_key';
  if (offlineAllowed) return 'offline';
  throw new ApiError('SYS_002', { message: 'The AI service is not configured on this deployment' });
}

/** What the decision needs from the deployment. */
export interface ModelKeyEnvironment {
  /** The platform's own Anthropic key is configured. */
  platformKeyConfigured(): Promise<boolean>;
  /** The offline model may run in this runtime. */
  offlineAllowed(): boolean;
}

/**
 * This deployment: the platform key from Secrets Manager (the secret `resolveModelGateway` reads);
 * offline mode only where `offlineModelAllowed()` (the local runtime; never the AWS build).
 */
export const deploymentModelKeys: ModelKeyEnvironment = {
  async platformKeyConfigured() {
    return Boolean(await readPlatformKey());
  },
  offlineAllowed: offlineModelAllowed,
};
