/**
 * The documents list of `components/DocumentsTable.astro`, agency-wide or for one client: filters
 * in the address, pages, status badges, and a quiet refresh while some documents are still being
 * generated, so their status moves on without a reload.
 */
import type { ApiResult } from './api.ts';
import { documentHref, documentStatusBadge, isInProgress, progressHref } from './documents.ts';
import { find, h } from './dom.ts';
import type { DocumentListItem, DocumentQuery } from './endpoints/documents.ts';
import { formatNumber, timeElement } from './format.ts';
import { hideAlert, showProblem, text } from './forms.ts';
import {
  readFilters,
  showListPage,
  showLoadingRows,
  showLoadProblem,
  showMessageRow,
  wireFilters,
  writeFilters,
} from './lists.ts';

const PER_PAGE = 20;
const FILTERS = ['search', 'status', 'date_from', 'date_to'] as const;
/** How often a list showing unfinished documents asks again. */
const REFRESH_MS = 10_000;

export interface DocumentListOptions {
  /** The API call for one page. */
  readonly fetch: (query: DocumentQuery) => Promise<ApiResult<DocumentListItem[]>>;
  /** Address parameters that belong to the page, not to the filters (`{ id }` of a client). */
  readonly keep?: Readonly<Record<string, string>>;
  /** What the empty list says when no filter is set. */
  readonly empty: string;
}

function row(item: DocumentListItem, withClient: boolean): HTMLTableRowElement {
  const href = isInProgress(item.status) ? progressHref(item.id) : documentHref(item.id);
  const name = item.title || item.topic;
  const client = item.client;
  return h(
    'tr',
    { 'data-document': item.id, 'data-status': item.status },
    h(
      'td',
      {},
      h(
        'span',
        { class: 'entity-text document-title' },
        h('span', { class: 'entity-name' }, h('a', { href }, name)),
        item.title && item.topic !== item.title ? h('span', { class: 'entity-sub' }, item.topic) : null,
      ),
    ),
    withClient
      ? h(
          'td',
          {},
          client
            ? h('a', { href: `/clients/view?id=${encodeURIComponent(client.id)}` }, client.company_name)
            : '—',
        )
      : null,
    h('td', {}, documentStatusBadge(item.status)),
    h('td', {}, item.template?.name ?? '—'),
    h('td', { class: 'numeric' }, item.page_count ? formatNumber(item.page_count) : '—'),
    h(
      'td',
      {},
      h(
        'span',
        { class: 'entity-text' },
        timeElement(item.created_at),
        item.created_by ? h('span', { class: 'entity-sub' }, item.created_by.name) : null,
      ),
    ),
    h(
      'td',
      { class: 'actions-cell' },
      h(
        'a',
        { class: 'button button--ghost button--small', href, 'aria-label': `Open ${name}` },
        isInProgress(item.status) ? 'Progress' : 'Open',
      ),
    ),
  );
}

/** Wires the page's `DocumentsTable` and loads its first page. */
export function wireDocumentList(options: DocumentListOptions): void {
  const root = find('[data-documents-list]');
  const withClient = root.hasAttribute('data-with-client');
  const columns = root.querySelectorAll('thead th').length;
  const filtersForm = find<HTMLFormElement>('form[data-filters]', root);
  const filtersAlert = find('[data-filters-alert]', root);
  const rowsBody = find<HTMLTableSectionElement>('tbody[data-rows]', root);
  const paginationNav = find('[data-pagination]', root);

  const initial = readFilters([...FILTERS, 'page'] as const);
  let page = Number(initial.page) || 1;
  for (const name of FILTERS) {
    (filtersForm.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value = initial[name];
  }

  let loadCount = 0;
  let refresh: ReturnType<typeof setTimeout> | undefined;

  async function load(quiet = false): Promise<void> {
    const current = ++loadCount;
    clearTimeout(refresh);
    const query: DocumentQuery = { page, per_page: PER_PAGE };
    for (const name of FILTERS) query[name] = text(filtersForm, name) || undefined;
    writeFilters({ ...options.keep, ...query, per_page: undefined });
    hideAlert(filtersAlert);
    if (!quiet) showLoadingRows(rowsBody, columns);
    const result = await options.fetch(query);
    if (current !== loadCount) return;
    if (!result.ok) {
      paginationNav.replaceChildren();
      if (result.fieldErrors.length > 0) {
        // A bad date range: the problem belongs to the filters, not to the table.
        showProblem(filtersAlert, result, { form: filtersForm, title: 'These filters can’t be used.' });
        showMessageRow(rowsBody, columns, 'Adjust the filters to see documents.');
        return;
      }
      showLoadProblem(rowsBody, columns, 'The documents', result);
      return;
    }
    const filtered = FILTERS.some((name) => query[name]);
    showListPage(
      rowsBody,
      columns,
      paginationNav,
      {
        rows: result.data.map((item) => row(item, withClient)),
        empty: filtered ? 'No document matches these filters.' : options.empty,
        pagination: result.pagination,
        nouns: ['document', 'documents'],
      },
      (target) => {
        page = target;
        void load();
      },
    );
    if (result.data.some((item) => isInProgress(item.status))) {
      refresh = setTimeout(() => {
        if (document.visibilityState === 'visible') void load(true);
        else document.addEventListener('visibilitychange', () => void load(true), { once: true });
      }, REFRESH_MS);
    }
  }

  const reload = () => {
    page = 1;
    void load();
  };
  wireFilters(filtersForm, reload, ['documents-search']);
  // Dates reload when picked; `reset` fires before the controls are emptied.
  filtersForm.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.type === 'date') reload();
  });
  filtersForm.addEventListener('reset', () => setTimeout(reload));
  void load();
}
