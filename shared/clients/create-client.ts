/**
 * Creating a client (PRD §6.3 `POST /api/v1/clients`): the client, its slug marker, one seat and the
 * platform client counters commit in one transaction, so concurrent creations can never exceed the
 * plan's seats (PRD §1.4, §4.3.2) and a refused creation leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { bumpCounter } from '../admin/platform-counters.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import { claimSeat, claimUnique } from '../data/invariants.ts';
import { service } from '../data/service.ts';
import { assertCommitted } from '../data/transactions.ts';
import { ApiError } from '../http/errors.ts';
import { slugify } from '../text/slug.ts';
import { type AuditRequest, recordClientAudit } from './client-audit.ts';
import { toClientDetail } from './client-views.ts';
import type { ClientsCaller } from './clients-caller.ts';
import type { ClientDetail, NewClient } from './schemas.ts';

export type { NewClient } from './schemas.ts';

/**
 * How many numbered variants of a derived slug (`acme`, `acme-2`, … `acme-10`) are tried before
 * giving up: two clients of one agency rarely share a name, but a re-created client whose old,
 * deactivated namesake keeps its slug must still get one.
 */
const DERIVED_SLUG_ATTEMPTS = 10;

function slugTaken(slug: string): ApiError {
  return new ApiError('VAL_004', {
    message: `A client with the slug "${slug}" already exists`,
    details: [{ field: 'company_slug', message: 'already in use in this agency' }],
  });
}

/** `base` with `-n` appended, shortened so the result stays within the 100-character slug limit. */
function numbered(base: string, n: number): string {
  const suffix = `-${n}`;
  return `${base.slice(0, 100 - suffix.length).replace(/-$/, '')}${suffix}`;
}

/** Writes the client under `slug`; VAL_004 when the slug is taken, BIZ_001 when no seat is free. */
async function insertClient(agencyId: string, input: NewClient, slug: string): Promise<ClientItem> {
  const item = { ...input, id: randomUUID(), agency_id: agencyId, company_slug: slug };
  const outcome = await service()
    .transaction.write((tx) => [
      tx.client.create(item).commit(),
      claimUnique(tx, { namespace: 'client_slug', agency_id: agencyId, value: slug }, item.id),
      claimSeat(tx, agencyId),
      bumpCounter(tx, 'clients', { total: 1, active: 1 }),
    ])
    .go();
  assertCommitted(outcome, [null, slugTaken(slug), new ApiError('BIZ_001'), null]);
  const { data } = await service()
    .entities.client.get({ agency_id: agencyId, id: item.id })
    .go({ consistent: true });
  if (!data) throw new ApiError('SYS_001');
  return data;
}

/**
 * Creates an active client of agency `agencyId`. A slug given by the caller must be free (409
 * VAL_004); one derived from the company name (PRD §4.3.4) is numbered until a free one is found.
 * 400 BIZ_001 when the plan's seats are all taken.
 */
export async function createClient(agencyId: string, input: NewClient): Promise<ClientItem> {
  if (input.company_slug) return insertClient(agencyId, input, input.company_slug);
  const base = slugify(input.company_name);
  if (!base) {
    throw new ApiError('VAL_001', {
      details: [{ field: 'company_name', message: 'Company name must contain letters or digits' }],
    });
  }
  for (let n = 1; ; n += 1) {
    try {
      return await insertClient(agencyId, input, n === 1 ? base : numbered(base, n));
    } catch (error) {
      const retry = error instanceof ApiError && error.code === 'VAL_004' && n < DERIVED_SLUG_ATTEMPTS;
      if (!retry) throw error;
    }
  }
}

/** `POST /api/v1/clients` for `caller`: creates the client, audits it, answers its detail. */
export async function addClient(
  caller: ClientsCaller,
  input: NewClient,
  request: AuditRequest,
): Promise<ClientDetail> {
  const client = await createClient(caller.agency_id, input);
  await recordClientAudit(
    caller,
    'client_create',
    client,
    { metadata: { company_slug: client.company_slug } },
    request,
  );
  return toClientDetail(client);
}
