/**
 * Reading an agency's clients (PRD §6.3): one client by id, and the filtered, searched, sorted,
 * paginated list. Another agency's id, or a client a client user may not see, is 404 RES_001: the
 * answer never tells whether the id exists elsewhere.
 *
 * The default view (active clients by creation time, no search or filter) reads only the pages it
 * shows from `client.byActive` (gsi1, ordered by `created_at`) and takes the total from the
 * agency's seat counter, which changes in the same transaction as every (de)activation. Any other
 * view reads the set with only the listed attributes, then filters, sorts and pages in memory:
 * substring search in names, an industry match ignoring case and sorting by any listed field
 * have no DynamoDB index that serves them. The active set is bounded by the plan's seats;
 * `bench/clients.ts` measures both paths at 1,000 clients.
 */
import type { ClientItem } from '../data/entities/clients.ts';
import { service } from '../data/service.ts';
import { notFound } from '../http/errors.ts';
import { matchesSearch, pageBlock, paginate, sortBy } from '../http/pagination.ts';
import { type ClientListSource, LIST_ATTRIBUTES, toClientListItem } from './client-views.ts';
import { type ClientsCaller, maySee } from './clients-caller.ts';
import type { ClientListQuery } from './schemas.ts';

/**
 * Client `clientId` of the caller's agency, if the caller may see it (strongly consistent, as
 * writes condition on what it returns); 404 RES_001 otherwise.
 */
export async function getClient(caller: ClientsCaller, clientId: string): Promise<ClientItem> {
  const { data } = maySee(caller, clientId)
    ? await service()
        .entities.client.get({ agency_id: caller.agency_id, id: clientId })
        .go({ consistent: true })
    : { data: null };
  if (!data) throw notFound('Client');
  return data;
}

/** The clients the caller may see with the requested activity, listed attributes only. */
async function candidates(caller: ClientsCaller, isActive: boolean): Promise<ClientListSource[]> {
  const clients = service().entities.client;
  if (caller.own === null) {
    const { data } = await clients.query
      .byActive({ agency_id: caller.agency_id, is_active: isActive })
      .go({ pages: 'all', attributes: [...LIST_ATTRIBUTES] });
    return data;
  }
  if (caller.own.client_id === null) return [];
  const { data } = await clients
    .get({ agency_id: caller.agency_id, id: caller.own.client_id })
    .go({ attributes: [...LIST_ATTRIBUTES] });
  return data && data.is_active === isActive ? [data] : [];
}

/** One page of the agency's active clients by creation time, straight from the index. */
async function activePageByCreation(agencyId: string, query: ClientListQuery) {
  const entities = service().entities;
  const [{ data: agency }, { data }] = await Promise.all([
    entities.agency.get({ id: agencyId }).go({ attributes: ['active_client_count'] }),
    entities.client.query
      .byActive({ agency_id: agencyId, is_active: true })
      .go({ order: query.order, limit: query.page * query.per_page, attributes: [...LIST_ATTRIBUTES] }),
  ]);
  return {
    items: data.slice((query.page - 1) * query.per_page).map(toClientListItem),
    pagination: pageBlock(agency?.active_client_count ?? data.length, query.page, query.per_page),
  };
}

/** The caller's clients filtered by activity, industry and search, sorted and paginated. */
export async function listClients(caller: ClientsCaller, query: ClientListQuery) {
  if (
    caller.own === null &&
    query.is_active &&
    query.sort === 'created_at' &&
    !query.search &&
    !query.industry
  ) {
    return activePageByCreation(caller.agency_id, query);
  }
  const industry = query.industry?.toLowerCase();
  const matching = (await candidates(caller, query.is_active)).filter(
    (client) =>
      (industry === undefined || client.industry?.toLowerCase() === industry) &&
      matchesSearch(query.search, [client.company_name, client.contact_name]),
  );
  const sorted = sortBy(matching, (client) => client[query.sort], query.order);
  const page = paginate(sorted, query.page, query.per_page);
  return { items: page.items.map(toClientListItem), pagination: page.pagination };
}
