/**
 * Which Anthropic key a generation step uses (PRD §1.4): the agency's own key (BYOK) when it has
 * stored one, decrypted here, inside the step, and nowhere else; otherwise, for an `included`
 * plan, the platform's key from Secrets Manager (`ANTHROPIC_PLATFORM_KEY_SECRET_ID`, the key as
 * the plain secret string; no such secret = no platform key). With neither there is no gateway,
 * and the pipeline decides what that means (offline mode locally).
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { env } from '../config/env.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { PlanItem } from '../data/entities/plans.ts';
import { service } from '../data/service.ts';
import { ApiError } from '../http/errors.ts';
import { decryptAgencySecret } from '../provider-keys/agency-secrets.ts';
import { type AnthropicGatewayOptions, createAnthropicGateway } from './anthropic-gateway.ts';
import type { KeySource } from './charge-usage.ts';
import type { ModelGateway } from './model-gateway.ts';

export interface ResolvedGateway {
  gateway: ModelGateway;
  /** Whose key it is: what `chargeStepUsage` needs to know. */
  key_source: KeySource;
}

/** How long a read platform key is reused (the longest a rotation takes to reach a warm Lambda). */
const PLATFORM_KEY_TTL_MS = 5 * 60_000;

let secrets: SecretsManagerClient | undefined;
let platformKey: { value: string; readAt: number } | undefined;

/** The platform's Anthropic key, or undefined when the secret does not exist or is empty. */
export async function readPlatformKey(): Promise<string | undefined> {
  if (platformKey && Date.now() - platformKey.readAt < PLATFORM_KEY_TTL_MS) return platformKey.value;
  secrets ??= new SecretsManagerClient({});
  try {
    const secret = await secrets.send(
      new GetSecretValueCommand({ SecretId: env().ANTHROPIC_PLATFORM_KEY_SECRET_ID }),
    );
    const value = secret.SecretString?.trim();
    // Absence is not cached: a key added later is picked up by the next step.
    if (!value) return undefined;
    platformKey = { value, readAt: Date.now() };
    return value;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * The gateway for agency `agencyId`'s generation steps and whose key it uses, or null when there
 * is no key for it. `options` reach {@link createAnthropicGateway} (tests, benchmarks).
 */
export async function resolveModelGateway(
  agencyId: string,
  options: Omit<AnthropicGatewayOptions, 'apiKey'> = {},
): Promise<ResolvedGateway | null> {
  const entities = service().entities;
  const agency = (await entities.agency.get({ id: agencyId }).go({ consistent: true })).data;
  if (!agency) throw new Error(`Agency ${agencyId} not found`);
  const ownKey = await decryptAgencySecret(agency, 'anthropic_api_key_encrypted');
  if (ownKey)
    return { gateway: createAnthropicGateway({ ...options, apiKey: ownKey }), key_source: 'agency' };
  const plan = (await entities.plan.get({ id: agency.plan_id }).go()).data;
  if (plan?.api_key_mode !== 'included') return null;
  const key = await readPlatformKey();
  return key
    ? { gateway: createAnthropicGateway({ ...options, apiKey: key }), key_source: 'platform' }
    : null;
}

/** Whether `agency` must add its own Anthropic key before generating: a BYOK plan without one. */
export function agencyNeedsOwnKey(
  agency: Pick<AgencyItem, 'anthropic_api_key_encrypted'>,
  plan: Pick<PlanItem, 'api_key_mode'>,
): boolean {
  return plan.api_key_mode === 'byok' && !agency.anthropic_api_key_encrypted;
}

/**
 * The error for {@link agencyNeedsOwnKey}. The PRD has no code of its own for it; BIZ_005 (403,
 * "not available on your plan") is the closest, with a message that says what to do.
 */
export function ownKeyRequiredError(): ApiError {
  return new ApiError('BIZ_005', {
    message:
      'Your plan uses your own Anthropic API key: add it under Settings → AI providers before generating documents',
  });
}
