/**
 * Storing, removing and testing an agency's own provider keys (PRD §6.7 BYOK). Plaintext keys
 * exist only in this request's memory: they are encrypted before the write, and only `last4`
 * ever leaves again. Audit entries name the provider and the outcome, never key material.
 */
import { type AuditRequest, auditActor, recordAudit } from '../audit/record-audit.ts';
import type { Principal } from '../auth/request-identity.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import { service } from '../data/service.ts';
import { notFound, validationError } from '../http/errors.ts';
import { decryptAgencySecret, encryptAgencySecret } from './agency-secrets.ts';
import {
  lastFour,
  PROVIDER_FIELDS,
  PROVIDER_NAMES,
  PROVIDERS,
  type Provider,
  providerKeyStatus,
} from './providers.ts';
import type { UpdateProviderKeys } from './schemas.ts';
import { type KeyTestResult, testProviderKey } from './test-provider-key.ts';

async function loadAgency(agencyId: string): Promise<AgencyItem> {
  const { data } = await service().entities.agency.get({ id: agencyId }).go({ consistent: true });
  if (!data) throw notFound('Agency');
  return data;
}

/** An agency attribute a provider key is kept in. */
type ProviderField = (typeof PROVIDER_FIELDS)[Provider]['encrypted' | 'last4'];

const BODY_FIELDS: Record<Provider, keyof UpdateProviderKeys> = {
  anthropic: 'anthropic_api_key',
  freepik: 'freepik_api_key',
};

/**
 * Sets (a string) or removes (`null`) the keys in `body`, in one write, and answers the new
 * status. Keys absent from the body are left untouched.
 */
export async function updateProviderKeys(
  agencyId: string,
  body: UpdateProviderKeys,
  principal: Principal,
  request: AuditRequest,
) {
  const set: Partial<Record<ProviderField, string>> = {};
  const remove: ProviderField[] = [];
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  const before = providerKeyStatus(await loadAgency(agencyId));
  for (const provider of PROVIDERS) {
    const value = body[BODY_FIELDS[provider]];
    if (value === undefined) continue;
    const fields = PROVIDER_FIELDS[provider];
    if (value === null) remove.push(fields.encrypted, fields.last4);
    else {
      set[fields.encrypted] = await encryptAgencySecret(agencyId, fields.encrypted, value);
      set[fields.last4] = lastFour(value);
    }
    // "configured" only: even last4 stays out of the log.
    changes[`${provider}_api_key`] = { old: before[provider].configured, new: value !== null };
  }

  const patch = service().entities.agency.patch({ id: agencyId }).set(set);
  const { data } = await (remove.length > 0 ? patch.remove(remove) : patch).go({ response: 'all_new' });
  await recordAudit(
    {
      agency_id: agencyId,
      action: 'provider_keys_update',
      action_category: 'resource',
      resource_type: 'agency',
      resource_id: agencyId,
      changes,
      ...auditActor(principal),
    },
    request,
  );
  return providerKeyStatus(data as AgencyItem);
}

/** Tests the supplied key, else the stored one (422 when neither exists). */
export async function testAgencyProviderKey(
  agencyId: string,
  input: { provider: Provider; api_key?: string },
  principal: Principal,
  request: AuditRequest,
): Promise<KeyTestResult> {
  let key = input.api_key;
  if (key === undefined) {
    key = await decryptAgencySecret(await loadAgency(agencyId), PROVIDER_FIELDS[input.provider].encrypted);
    if (key === undefined)
      throw validationError([
        { field: 'api_key', message: `No ${PROVIDER_NAMES[input.provider]} key is stored; send one to test` },
      ]);
  }
  const result = await testProviderKey(input.provider, key);
  await recordAudit(
    {
      agency_id: agencyId,
      action: 'provider_key_test',
      action_category: 'resource',
      resource_type: 'agency',
      resource_id: agencyId,
      metadata: {
        provider: input.provider,
        source: input.api_key === undefined ? 'stored' : 'supplied',
        result: result.status,
      },
      status: result.status === 'invalid' ? 'failure' : 'success',
      ...auditActor(principal),
    },
    request,
  );
  return result;
}
