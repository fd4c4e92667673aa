/**
 * Reading an agency's clients (PRD §6.3): one client by id, and the filtered, searched, sorted,
 * paginated list. Another agency's id, or a client a client user may not see, is 404 RES_001: the
 * answer never tells whether the id exists elsewhere.
 *
 * The list reads the agency's active (or inactive) clients from `client.byActive` (gsi1) with only
 * the listed attributes, then filters, sorts and pages in memory: substring search in names, an
 * industry match ignoring case and sorting by any listed field have no DynamoDB index that serves
 * them. The active set is bounded by the plan's seats; `bench/clients.ts` measures the cost of
 * reading it whole at 1,000 clients.
 */
import type { ClientItem } from '../data/entities/clients.ts';
import { service } from '../data/service.ts';
import { notFound } from '../http/errors.ts';
import { matchesSearch, paginate, sortBy } from '../http/pagination.ts';
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

/** The caller's clients filtered by activity, industry and search, sorted and paginated. */
export async function listClients(caller: ClientsCaller, query: ClientListQuery) {
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
