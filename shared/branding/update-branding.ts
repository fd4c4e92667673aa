/**
 * Brand-kit colours and footer (PRD §6.3, §6.7): the agency's own, and a client's overrides,
 * where `null` removes an override so the client inherits the agency's value again
 * (PRD §11.1.3).
 */
import { type AuditRequest, changesOf, recordSettingsAudit } from '../agencies/agency-audit.ts';
import { setAndRemove } from '../agencies/partial-update.ts';
import type { ClientsCaller } from '../clients/clients-caller.ts';
import { getClient } from '../clients/read-clients.ts';
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import { service } from '../data/service.ts';
import { notFound } from '../http/errors.ts';
import type { AgencyCaller } from '../tenancy/agency-scope.ts';
import { clientBrandOverrides } from './client-brand.ts';
import type { AgencyBrandingBody, ClientBrandingBody } from './schemas.ts';

/** Colours are stored lowercase so equal colours compare equal. */
const normalised = <T extends Record<string, unknown>>(body: T): T =>
  Object.fromEntries(
    Object.entries(body).map(([field, value]) => [
      field,
      field.startsWith('color_accent_') && typeof value === 'string' ? value.toLowerCase() : value,
    ]),
  ) as T;

/** `PUT /api/v1/agency/branding`; returns the updated agency. */
export async function updateAgencyBranding(
  caller: AgencyCaller,
  body: AgencyBrandingBody,
  request: AuditRequest,
): Promise<AgencyItem> {
  const update = normalised(body);
  const { set, remove } = setAndRemove(update);
  const { data: before } = await service()
    .entities.agency.get({ id: caller.agency_id })
    .go({ consistent: true });
  if (!before) throw notFound('Agency');
  const { data } = await service()
    .entities.agency.patch({ id: caller.agency_id })
    .set(set)
    .remove(remove as 'footer_text'[])
    .go({ response: 'all_new' });
  await recordSettingsAudit(
    caller,
    'agency_branding_update',
    { type: 'agency', id: before.id, name: before.name },
    { changes: changesOf(before, update) },
    request,
  );
  return data as AgencyItem;
}

/** The client's brand-kit overrides as the branding endpoints answer them. */
export function clientBrandingView(client: ClientItem) {
  return { client_id: client.id, ...clientBrandOverrides(client) };
}

/** `PUT /api/v1/clients/{client_id}/branding`; 404 for a client of another agency. */
export async function updateClientBranding(
  caller: ClientsCaller,
  clientId: string,
  body: ClientBrandingBody,
  request: AuditRequest,
) {
  const before = await getClient(caller, clientId);
  const update = normalised(body);
  const { set, remove } = setAndRemove(update);
  const { data } = await service()
    .entities.client.patch({ agency_id: caller.agency_id, id: clientId })
    .set(set)
    .remove(remove as 'footer_text'[])
    .go({ response: 'all_new' });
  await recordSettingsAudit(
    caller,
    'client_branding_update',
    { type: 'client', id: before.id, name: before.company_name },
    { changes: changesOf(before, update) },
    request,
  );
  return clientBrandingView(data as ClientItem);
}
