/**
 * Reading an agency's documents (PRD §6.4): one by id, its generation status, and the filtered,
 * searched, sorted, paginated lists (per client and agency-wide). Another agency's id, a
 * soft-deleted document, or one of a client a client user may not see is 404 RES_001: the answer
 * never tells whether the id exists elsewhere.
 *
 * Lists read the candidate set with the list attributes only (never the content) from the
 * document indexes: a client's documents from `byClient` (its date range as a key condition) or,
 * with a status filter, from `byStatus`; the agency-wide list from `byClient` across the agency's
 * clients. Search in title and topic, the other sort fields and the page are applied in memory:
 * no DynamoDB index serves substring search, and a tenant's documents are a bounded set
 * (retention removes them after three years).
 */
import type { DocumentItem } from '../data/entities/documents.ts';
import type { GenerationJobItem } from '../data/entities/generation-jobs.ts';
import { service } from '../data/service.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { matchesSearch, paginate, sortBy } from '../http/pagination.ts';
import { allTemplates } from '../templates/plan-access.ts';
import {
  type DocumentListSource,
  type DocumentRefs,
  LIST_ATTRIBUTES,
  toDocumentDetail,
  toDocumentListItem,
} from './document-views.ts';
import { type DocumentsCaller, maySeeClient } from './documents-caller.ts';
import type { DocumentListQuery } from './schemas.ts';
import { type DocumentStatusView, documentStatusView } from './status-view.ts';

/**
 * Document `documentId` of the caller's agency, if the caller may see it (strongly consistent, as
 * writes condition on what it returns); 404 RES_001 otherwise, also once soft-deleted.
 */
export async function getVisibleDocument(caller: DocumentsCaller, documentId: string): Promise<DocumentItem> {
  const { data } = await service()
    .entities.document.get({ agency_id: caller.agency_id, id: documentId })
    .go({ consistent: true });
  if (!data || data.deleted_at !== undefined || !maySeeClient(caller, data.client_id)) {
    throw notFound('Document');
  }
  return data;
}

/** The current (newest) generation attempt of a document, if any. */
export async function currentJob(agencyId: string, documentId: string): Promise<GenerationJobItem | null> {
  const { data } = await service()
    .entities.generationJob.query.byDocument({ agency_id: agencyId, document_id: documentId })
    .go({ order: 'desc', limit: 1 });
  return data[0] ?? null;
}

/** `GET /documents/{id}/status`: the PRD polling shape. */
export async function documentStatus(
  caller: DocumentsCaller,
  documentId: string,
): Promise<DocumentStatusView> {
  const document = await getVisibleDocument(caller, documentId);
  return documentStatusView(document, await currentJob(caller.agency_id, document.id));
}

/** `GET /documents/{id}/content`: the structured content; 409 RES_003 before it is written. */
export async function documentContent(caller: DocumentsCaller, documentId: string): Promise<unknown> {
  const document = await getVisibleDocument(caller, documentId);
  const sections = (document.content_json as { sections?: unknown } | null)?.sections;
  if (!Array.isArray(sections)) {
    throw new ApiError('RES_003', {
      message: `This document has no content yet (status ${document.status})`,
    });
  }
  return document.content_json;
}

/** Names of the templates, clients and authors `documents` point at (one read of each kind). */
async function documentRefs(
  agencyId: string,
  documents: ReadonlyArray<Pick<DocumentItem, 'client_id' | 'created_by_user_id'>>,
): Promise<DocumentRefs> {
  const entities = service().entities;
  const clientIds = [...new Set(documents.map((document) => document.client_id))];
  const userIds = [
    ...new Set(
      documents.flatMap((document) => (document.created_by_user_id ? [document.created_by_user_id] : [])),
    ),
  ];
  const [catalogue, clients, users] = await Promise.all([
    allTemplates(),
    clientIds.length > 0
      ? entities.client.get(clientIds.map((id) => ({ agency_id: agencyId, id }))).go()
      : { data: [] },
    userIds.length > 0
      ? entities.user.get(userIds.map((id) => ({ agency_id: agencyId, id }))).go()
      : { data: [] },
  ]);
  return {
    templates: new Map(
      catalogue.map((template) => [template.id, { code: template.code, name: template.name }]),
    ),
    clients: new Map(
      clients.data.map((client) => [client.id, { id: client.id, company_name: client.company_name }]),
    ),
    users: new Map(
      users.data.map((user) => [user.id, { id: user.id, name: user.display_name ?? user.email }]),
    ),
  };
}

/** `GET /documents/{id}`: the PRD detail. */
export async function documentDetail(caller: DocumentsCaller, documentId: string) {
  const document = await getVisibleDocument(caller, documentId);
  return toDocumentDetail(document, await documentRefs(caller.agency_id, [document]));
}

/** A `YYYY-MM-DD` bound as the first (`from`) or last (`to`) instant of that UTC day. */
function instant(bound: string | undefined, edge: 'from' | 'to'): string | undefined {
  if (bound === undefined || bound.includes('T'))
    return bound === undefined ? undefined : new Date(bound).toISOString();
  return edge === 'from' ? `${bound}T00:00:00.000Z` : `${bound}T23:59:59.999Z`;
}

/** One client's documents in the query's status and date range, list attributes only. */
async function clientCandidates(
  agencyId: string,
  clientId: string,
  query: DocumentListQuery,
  range: { from?: string; to?: string },
): Promise<DocumentListSource[]> {
  const entities = service().entities;
  const options = { pages: 'all', attributes: [...LIST_ATTRIBUTES] } as const;
  const from = range.from ?? '';
  const to = range.to ?? '~';
  if (query.status) {
    const { data } = await entities.document.query
      .byStatus({ agency_id: agencyId, client_id: clientId, status: query.status })
      .between({ created_at: from }, { created_at: to })
      .go(options);
    return data;
  }
  const { data } = await entities.document.query
    .byClient({ agency_id: agencyId, client_id: clientId })
    .between({ created_at: from }, { created_at: to })
    .go(options);
  return data;
}

/** Every document of the agency (all clients), list attributes only. */
async function agencyCandidates(agencyId: string): Promise<DocumentListSource[]> {
  const { data } = await service()
    .entities.document.query.byClient({ agency_id: agencyId })
    .go({ pages: 'all', attributes: [...LIST_ATTRIBUTES] });
  return data;
}

/**
 * The caller's documents filtered, searched, sorted and paginated. `clientId` scopes the list to
 * one client (`/clients/{client_id}/documents`, or the `client_id` filter); a client user's list
 * is always its own client's.
 */
export async function listDocuments(caller: DocumentsCaller, query: DocumentListQuery, clientId?: string) {
  const scope = clientId ?? query.client_id ?? caller.own?.client_id ?? undefined;
  if (
    caller.own &&
    (caller.own.client_id === null || (scope !== undefined && scope !== caller.own.client_id))
  ) {
    if (clientId) throw notFound('Client');
    return { items: [], pagination: paginate([], query.page, query.per_page).pagination };
  }
  if (clientId) {
    const { data: client } = await service()
      .entities.client.get({ agency_id: caller.agency_id, id: clientId })
      .go({ attributes: ['id'] });
    if (!client) throw notFound('Client');
  }
  const range = { from: instant(query.date_from, 'from'), to: instant(query.date_to, 'to') };
  const candidates =
    scope !== undefined
      ? await clientCandidates(caller.agency_id, scope, query, range)
      : await agencyCandidates(caller.agency_id);
  const matching = candidates.filter(
    (document) =>
      document.deleted_at === undefined &&
      (query.status === undefined || document.status === query.status) &&
      (range.from === undefined || document.created_at >= range.from) &&
      (range.to === undefined || document.created_at <= range.to) &&
      matchesSearch(query.search, [document.title, document.topic]),
  );
  // Ties (same sort value) fall back to newest first, so pages never reorder between requests.
  const newestFirst = sortBy(matching, (document) => document.created_at, 'desc');
  const sorted = sortBy(newestFirst, (document) => document[query.sort], query.order);
  const page = paginate(sorted, query.page, query.per_page);
  const refs = await documentRefs(caller.agency_id, page.items);
  return {
    items: page.items.map((document) => toDocumentListItem(document, refs)),
    pagination: page.pagination,
  };
}
