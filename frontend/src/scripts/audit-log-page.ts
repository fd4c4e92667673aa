/** Settings → Audit log: filterable, paginated entries with their details on demand. */
import { AUDIT_ACTION_LABELS, AUDIT_RESOURCE_LABELS } from '../lib/audit-labels.ts';
import { find, fromTemplate, h } from '../lib/dom.ts';
import { listApiKeys } from '../lib/endpoints/api-keys.ts';
import { type AuditEntry, type AuditQuery, listAuditLog } from '../lib/endpoints/audit-log.ts';
import type { CurrentUser } from '../lib/endpoints/auth.ts';
import { listTeam } from '../lib/endpoints/team.ts';
import { formatDateTime, humanize } from '../lib/format.ts';
import { hideAlert, showProblem, text } from '../lib/forms.ts';
import {
  readFilters,
  showListPage,
  showLoadingRows,
  showLoadProblem,
  showMessageRow,
  writeFilters,
} from '../lib/lists.ts';
import { can } from '../lib/session.ts';
import { pageUser } from './app-shell.ts';

const COLUMNS = 7;
const PER_PAGE = 25;
const FILTERS = ['action', 'resource_type', 'from', 'to'] as const;

const filtersForm = find<HTMLFormElement>('form[data-filters]');
const filtersAlert = find('[data-filters-alert]');
const rowsBody = find<HTMLTableSectionElement>('tbody[data-rows]');
const paginationNav = find('[data-pagination]');

const initial = readFilters([...FILTERS, 'page'] as const);
let page = Number(initial.page) || 1;
for (const name of FILTERS) {
  (filtersForm.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value = initial[name];
}

/**
 * Entries name people and keys by id. The team and key lists (one page each, which covers most
 * agencies) turn those into names; an id they do not cover is shown shortened.
 */
const names = new Map<string, string>();

async function loadNames(user: CurrentUser): Promise<void> {
  const [team, keys] = await Promise.all([
    can(user, 'team:list') ? listTeam({ per_page: 100 }) : null,
    can(user, 'agency:api_keys:manage') ? listApiKeys() : null,
  ]);
  if (team?.ok) for (const member of team.data) names.set(member.id, member.display_name);
  if (keys?.ok) for (const key of keys.data) names.set(key.id, `API key “${key.name}”`);
}

const shortId = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);

function actor(entry: AuditEntry): string {
  if (entry.api_key_id) return names.get(entry.api_key_id) ?? `API key ${shortId(entry.api_key_id)}`;
  if (entry.user_id) return names.get(entry.user_id) ?? `User ${shortId(entry.user_id)}`;
  return 'System';
}

function resource(entry: AuditEntry): HTMLElement {
  const type = AUDIT_RESOURCE_LABELS[entry.resource_type] ?? humanize(entry.resource_type);
  const name = entry.resource_name ?? (entry.resource_id ? shortId(entry.resource_id) : null);
  return h(
    'div',
    { class: 'entity-text' },
    h('span', {}, type),
    name ? h('span', { class: 'entity-sub' }, name) : null,
  );
}

function statusBadge(status: string): HTMLElement {
  const tone = status === 'success' ? 'ok' : status === 'failure' ? 'down' : 'warn';
  return h('span', { class: 'badge', 'data-tone': tone }, humanize(status));
}

const show = (value: unknown): string =>
  Array.isArray(value)
    ? value.map(show).join(', ')
    : typeof value === 'string'
      ? value
      : JSON.stringify(value ?? null);

/**
 * An entry's `changes` (`{field: {old, new}}`) or `metadata` as one "field: value" line each, with
 * "field: old → new" for changes; a value of another shape as JSON.
 */
function describe(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value, null, 2);
  return Object.entries(value as Record<string, unknown>)
    .map(([field, item]) => {
      if (item && typeof item === 'object' && 'old' in item && 'new' in item) {
        const { old: before, new: after } = item as { old: unknown; new: unknown };
        return `${field}: ${show(before)} → ${show(after)}`;
      }
      return `${field}: ${show(item)}`;
    })
    .join('\n');
}

function detailsRow(entry: AuditEntry, id: string): HTMLTableRowElement {
  // [label, value, takes a whole row]
  const facts: [string, Node | string, boolean][] = [
    ['Request ID', h('code', {}, entry.request_id ?? '—'), false],
    ['Category', humanize(entry.action_category), false],
    ['Resource ID', entry.resource_id ? h('code', {}, entry.resource_id) : '—', false],
    ['User agent', entry.user_agent ?? '—', false],
  ];
  if (entry.error_message) facts.push(['Error', entry.error_message, true]);
  if (entry.changes) facts.push(['Changes', h('pre', {}, describe(entry.changes)), true]);
  if (entry.metadata) facts.push(['Details', h('pre', {}, describe(entry.metadata)), true]);
  return h(
    'tr',
    { class: 'audit-details', id, hidden: true },
    h(
      'td',
      { colspan: String(COLUMNS) },
      h(
        'dl',
        { class: 'facts' },
        ...facts.map(([label, value, wide]) =>
          h('div', { class: wide ? 'fact-wide' : undefined }, h('dt', {}, label), h('dd', {}, value)),
        ),
      ),
    ),
  );
}

function rows(entry: AuditEntry): HTMLTableRowElement[] {
  const detailsId = `audit-${entry.id}`;
  const toggle = h(
    'button',
    {
      class: 'button button--ghost button--small',
      type: 'button',
      'aria-expanded': 'false',
      'aria-controls': detailsId,
      'aria-label': `Details of ${AUDIT_ACTION_LABELS[entry.action] ?? humanize(entry.action)} at ${formatDateTime(entry.created_at)}`,
    },
    'Details',
    fromTemplate('chevron'),
  );
  const details = detailsRow(entry, detailsId);
  toggle.addEventListener('click', () => {
    details.hidden = !details.hidden;
    toggle.setAttribute('aria-expanded', String(!details.hidden));
  });
  const time = h('time', { datetime: entry.created_at }, formatDateTime(entry.created_at));
  return [
    h(
      'tr',
      { 'data-action': entry.action },
      h('td', {}, time),
      h('td', {}, actor(entry)),
      h(
        'td',
        {},
        h('span', { class: 'nowrap' }, AUDIT_ACTION_LABELS[entry.action] ?? humanize(entry.action)),
        h('code', { class: 'action-code' }, entry.action),
      ),
      h('td', {}, resource(entry)),
      h('td', {}, statusBadge(entry.status)),
      h('td', {}, entry.ip_address ? h('code', {}, entry.ip_address) : h('span', { class: 'muted' }, '—')),
      h('td', { class: 'actions-cell' }, toggle),
    ),
    details,
  ];
}

let loadCount = 0;

async function load(): Promise<void> {
  const current = ++loadCount;
  const query: AuditQuery = { page, per_page: PER_PAGE };
  for (const name of FILTERS) query[name] = text(filtersForm, name) || undefined;
  writeFilters({ ...query, per_page: undefined });
  hideAlert(filtersAlert);
  showLoadingRows(rowsBody, COLUMNS);
  const result = await listAuditLog(query);
  if (current !== loadCount) return;
  if (!result.ok) {
    paginationNav.replaceChildren();
    if (result.fieldErrors.length > 0) {
      // A bad date range: the problem belongs to the filters, not to the table.
      showProblem(filtersAlert, result, { form: filtersForm, title: 'These filters can’t be used.' });
      showMessageRow(rowsBody, COLUMNS, 'Adjust the filters to see entries.');
      return;
    }
    showLoadProblem(rowsBody, COLUMNS, 'The audit log', result);
    return;
  }
  const filtered = FILTERS.some((name) => query[name]);
  showListPage(
    rowsBody,
    COLUMNS,
    paginationNav,
    {
      rows: result.data.flatMap(rows),
      empty: filtered ? 'No entries match these filters.' : 'No activity in the last 90 days.',
      pagination: result.pagination,
      nouns: ['entry', 'entries'],
    },
    (target) => {
      page = target;
      void load();
    },
  );
}

const user = await pageUser();
await loadNames(user);

filtersForm.addEventListener('change', () => {
  page = 1;
  void load();
});
filtersForm.addEventListener('submit', (event) => {
  event.preventDefault();
  page = 1;
  void load();
});
// `reset` fires before the controls are emptied; load once they are.
filtersForm.addEventListener('reset', () => {
  setTimeout(() => {
    page = 1;
    void load();
  });
});
void load();
