/**
 * What the paginated, filterable tables share: filters kept in the address (so reload, back and a
 * shared link show the same page), loading and empty rows, and the pagination bar.
 */
import { type ApiProblem, describeProblem, type Pagination } from './api.ts';
import { debounce, find, h } from './dom.ts';
import { formatNumber } from './format.ts';

/** The current address's values of `names` ('' when absent). */
export function readFilters<K extends string>(names: readonly K[]): Record<K, string> {
  const params = new URLSearchParams(window.location.search);
  return Object.fromEntries(names.map((name) => [name, params.get(name) ?? ''])) as Record<K, string>;
}

/**
 * Puts the filters in the address without a navigation; empty values and page 1 are left out. The
 * fragment stays (it names the open tab of a detail page).
 */
export function writeFilters(values: Readonly<Record<string, string | number | undefined>>): void {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === '' || (name === 'page' && Number(value) === 1)) continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  const { pathname, hash } = window.location;
  window.history.replaceState(null, '', `${pathname}${search ? `?${search}` : ''}${hash}`);
}

/** Grey placeholder rows while a page loads. */
export function showLoadingRows(body: HTMLTableSectionElement, columns: number, rows = 3): void {
  body.setAttribute('aria-busy', 'true');
  body.replaceChildren(
    ...Array.from({ length: rows }, () =>
      h(
        'tr',
        { class: 'skeleton-row', 'aria-hidden': 'true' },
        ...Array.from({ length: columns }, () => h('td', {}, h('span'))),
      ),
    ),
  );
}

/** One full-width row with a message (nothing found, or why nothing could be loaded). */
export function showMessageRow(
  body: HTMLTableSectionElement,
  columns: number,
  ...content: (Node | string)[]
): void {
  body.removeAttribute('aria-busy');
  body.replaceChildren(
    h('tr', { class: 'table-message' }, h('td', { colspan: String(columns) }, ...content)),
  );
}

/** The row that says why a list could not be loaded: "The team could not be loaded." and the reason. */
export function showLoadProblem(
  body: HTMLTableSectionElement,
  columns: number,
  what: string,
  result: ApiProblem,
): void {
  showMessageRow(
    body,
    columns,
    h('strong', {}, `${what} could not be loaded. `),
    describeProblem(result),
    result.requestId ? h('span', { class: 'alert-reference' }, ` Reference: ${result.requestId}`) : '',
  );
}

/**
 * Reloads the list from its first page when the filters change: on submit, when a select
 * changes, and a moment after typing stops in the inputs with the ids in `typed`.
 */
export function wireFilters(form: HTMLFormElement, reload: () => void, typed: readonly string[] = []): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    reload();
  });
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLSelectElement) reload();
  });
  const onInput = debounce(reload, 300);
  for (const id of typed) find(`#${id}`, form).addEventListener('input', onInput);
}

/** Calls `handler` with the button when a row's `[data-action="…"]` button is clicked. */
export function onRowAction(
  body: HTMLTableSectionElement,
  action: string,
  handler: (button: HTMLElement) => void,
): void {
  body.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>(`[data-action="${action}"]`);
    if (button) handler(button);
  });
}

/**
 * A row's small action button (`data-action` for `onRowAction`): "Edit" reads "Edit Jane Doe" to
 * screen readers; `data` carries what identifies the row (`{ 'data-member-id': id }`).
 */
export function rowActionButton(
  label: string,
  action: string,
  subject: string,
  data: Readonly<Record<`data-${string}`, string>>,
  tone = 'ghost',
): HTMLButtonElement {
  return h(
    'button',
    {
      class: `button button--${tone} button--small`,
      type: 'button',
      'data-action': action,
      ...data,
      'aria-label': `${label} ${subject}`,
    },
    label,
  );
}

export function showRows(body: HTMLTableSectionElement, rows: readonly HTMLTableRowElement[]): void {
  body.removeAttribute('aria-busy');
  body.replaceChildren(...rows);
}

/**
 * A loaded page of a list: its rows (or the `empty` message when there are none) and the
 * pagination bar, whose buttons call `goTo`.
 */
export function showListPage(
  body: HTMLTableSectionElement,
  columns: number,
  nav: HTMLElement,
  page: {
    rows: readonly HTMLTableRowElement[];
    empty: string;
    pagination: Pagination | null;
    nouns: readonly [string, string];
  },
  goTo: (page: number) => void,
): void {
  if (page.rows.length === 0) showMessageRow(body, columns, page.empty);
  else showRows(body, page.rows);
  renderPagination(nav, page.pagination, page.nouns, goTo);
}

/**
 * "Showing 21–40 of 57 members" with previous/next buttons, or "3 members" when all fit on one
 * page. `nouns` is the singular and plural of what is counted.
 */
export function renderPagination(
  container: HTMLElement,
  pagination: Pagination | null,
  nouns: readonly [string, string],
  goTo: (page: number) => void,
): void {
  if (!pagination || pagination.total_items === 0) {
    container.replaceChildren();
    return;
  }
  const { page, per_page, total_items, total_pages } = pagination;
  const noun = total_items === 1 ? nouns[0] : nouns[1];
  const first = (page - 1) * per_page + 1;
  const last = Math.min(page * per_page, total_items);
  const summary = h(
    'p',
    { 'data-pagination-summary': '' },
    total_pages > 1
      ? `Showing ${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(total_items)} ${noun}`
      : `${formatNumber(total_items)} ${noun}`,
  );
  if (total_pages <= 1) {
    container.replaceChildren(summary);
    return;
  }
  const button = (label: string, target: number, disabled: boolean) => {
    const element = h('button', { class: 'button button--secondary button--small', type: 'button' }, label);
    element.disabled = disabled;
    element.addEventListener('click', () => goTo(target));
    return element;
  };
  container.replaceChildren(
    summary,
    h(
      'div',
      { class: 'pagination-pages' },
      button('Previous', page - 1, page <= 1),
      h('span', { 'aria-current': 'page' }, `Page ${page} of ${total_pages}`),
      button('Next', page + 1, page >= total_pages),
    ),
  );
}
