/** The clients list: filters in the address, pages, and the "New client" dialog. */
import { initials } from '../lib/brand.ts';
import { clientFormDialog } from '../lib/client-form.ts';
import { debounce, find, h } from '../lib/dom.ts';
import { type ClientListItem, type ClientQuery, listClients } from '../lib/endpoints/clients.ts';
import { formatNumber, timeElement } from '../lib/format.ts';
import { text } from '../lib/forms.ts';
import { readFilters, showListPage, showLoadingRows, showLoadProblem, writeFilters } from '../lib/lists.ts';
import { notify } from '../lib/notify.ts';
import { can } from '../lib/session.ts';
import { pageUser } from './app-shell.ts';

const COLUMNS = 6;
const PER_PAGE = 20;
const DEFAULT_SORT = 'created_at:desc';

const filtersForm = find<HTMLFormElement>('form[data-filters]');
const rowsBody = find<HTMLTableSectionElement>('tbody[data-rows]');
const paginationNav = find('[data-pagination]');

const initial = readFilters(['search', 'industry', 'is_active', 'sort', 'page'] as const);
let page = Number(initial.page) || 1;
for (const name of ['search', 'industry', 'is_active'] as const) {
  (filtersForm.elements.namedItem(name) as HTMLInputElement).value = initial[name];
}
const sortSelect = filtersForm.elements.namedItem('sort') as HTMLSelectElement;
sortSelect.value = initial.sort || DEFAULT_SORT;
if (!sortSelect.value) sortSelect.value = DEFAULT_SORT;

function query(): ClientQuery {
  const [sort = 'created_at', order = 'desc'] = sortSelect.value.split(':');
  return {
    page,
    per_page: PER_PAGE,
    search: text(filtersForm, 'search'),
    industry: text(filtersForm, 'industry'),
    is_active: text(filtersForm, 'is_active') as ClientQuery['is_active'],
    sort,
    order: order as ClientQuery['order'],
  };
}

const viewHref = (client: { id: string }) => `/clients/view?id=${encodeURIComponent(client.id)}`;

function row(client: ClientListItem): HTMLTableRowElement {
  const avatar = client.logo_horizontal_url
    ? h('img', { class: 'entity-avatar entity-logo', src: client.logo_horizontal_url, alt: '' })
    : h('span', { class: 'entity-avatar', 'aria-hidden': 'true' }, initials(client.company_name));
  return h(
    'tr',
    { 'data-client': client.company_name, 'data-inactive': !client.is_active },
    h(
      'td',
      {},
      h(
        'div',
        { class: 'entity' },
        avatar,
        h(
          'span',
          { class: 'entity-text' },
          h('span', { class: 'entity-name' }, h('a', { href: viewHref(client) }, client.company_name)),
          client.contact_name || client.contact_email
            ? h('span', { class: 'entity-sub' }, client.contact_name ?? client.contact_email)
            : null,
        ),
      ),
    ),
    h('td', {}, client.industry ?? '—'),
    h('td', { class: 'numeric' }, formatNumber(client.total_documents_generated)),
    h(
      'td',
      {},
      client.is_active
        ? h('span', { class: 'badge', 'data-tone': 'ok' }, 'Active')
        : h('span', { class: 'badge', 'data-tone': 'unknown' }, 'Deactivated'),
    ),
    h('td', {}, timeElement(client.created_at)),
    h(
      'td',
      { class: 'actions-cell' },
      h(
        'a',
        {
          class: 'button button--ghost button--small',
          href: viewHref(client),
          'aria-label': `Open ${client.company_name}`,
        },
        'Open',
      ),
    ),
  );
}

let loadCount = 0;

async function load(): Promise<void> {
  const current = ++loadCount;
  const filters = query();
  writeFilters({
    search: filters.search,
    industry: filters.industry,
    is_active: filters.is_active,
    sort: sortSelect.value === DEFAULT_SORT ? '' : sortSelect.value,
    page,
  });
  showLoadingRows(rowsBody, COLUMNS);
  const result = await listClients(filters);
  if (current !== loadCount) return;
  if (!result.ok) {
    showLoadProblem(rowsBody, COLUMNS, 'The clients', result);
    paginationNav.replaceChildren();
    return;
  }
  const filtered = filters.search || filters.industry || filters.is_active;
  showListPage(
    rowsBody,
    COLUMNS,
    paginationNav,
    {
      rows: result.data.map(row),
      empty: filtered ? 'No client matches these filters.' : 'No clients yet.',
      pagination: result.pagination,
      nouns: ['client', 'clients'],
    },
    (target) => {
      page = target;
      void load();
    },
  );
}

const user = await pageUser();
void load();

if (can(user, 'clients:create')) {
  const open = clientFormDialog((client) => {
    notify(`${client.company_name} was added.`);
    window.location.assign(viewHref(client));
  });
  find('[data-client-new]').addEventListener('click', () => open());
}

const reload = () => {
  page = 1;
  void load();
};
filtersForm.addEventListener('submit', (event) => {
  event.preventDefault();
  reload();
});
filtersForm.addEventListener('change', (event) => {
  if (event.target instanceof HTMLSelectElement) reload();
});
const typed = debounce(reload, 300);
find('#clients-search', filtersForm).addEventListener('input', typed);
find('#clients-industry', filtersForm).addEventListener('input', typed);
