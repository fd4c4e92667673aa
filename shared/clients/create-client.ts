import { randomUUID } from 'node:crypto';
import { bumpCounter } from '../admin/platform-counters.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import { claimSeat, claimUnique } from '../data/invariants.ts';
import { service } from '../data/service.ts';
import { assertCommitted } from '../data/transactions.ts';
import { ApiError } from '../http/errors.ts';
import { slugify } from '../text/slug.ts';

export interface NewClient {
  company_name: string;
  /** Defaults to the slug of the company name (PRD §4.3.4). */
  company_slug?: string;
  contact_name?: string;
  contact_email?: string;
  website_url?: string;
  industry?: string;
  company_size?: string;
  company_description?: string;
}

/**
 * Creates an active client of an agency: the client, its slug (unique within the agency, 409
 * VAL_004), one seat (400 BIZ_001 when the plan's limit is reached) and the platform client
 * counter commit together or not at all, so concurrent creations can never exceed the plan.
 */
export async function createClient(agencyId: string, input: NewClient): Promise<ClientItem> {
  const slug = input.company_slug ?? slugify(input.company_name);
  if (!slug) {
    throw new ApiError('VAL_001', {
      details: [{ field: 'company_name', message: 'Company name must contain letters or digits' }],
    });
  }
  const item = { ...input, id: randomUUID(), agency_id: agencyId, company_slug: slug };
  const outcome = await service()
    .transaction.write((tx) => [
      tx.client.create(item).commit(),
      claimUnique(tx, { namespace: 'client_slug', agency_id: agencyId, value: slug }, item.id),
      claimSeat(tx, agencyId),
      bumpCounter(tx, 'clients', { total: 1, active: 1 }),
    ])
    .go();
  assertCommitted(outcome, [
    null,
    new ApiError('VAL_004', { message: `A client with the slug "${slug}" already exists` }),
    new ApiError('BIZ_001'),
    null,
  ]);
  const { data } = await service()
    .entities.client.get({ agency_id: agencyId, id: item.id })
    .go({ consistent: true });
  if (!data) throw new ApiError('SYS_001');
  return data;
}
