/** Platform → Agencies: filterable, paginated list and the create-agency dialog. */
import { initials } from '../lib/brand.ts';
import { formDialog } from '../lib/dialogs.ts';
import { find, h } from '../lib/dom.ts';
import {
  type AdminPlan,
  type AgencyQuery,
  type AgencySummary,
  createAgency,
  listAgencies,
  listPlans,
  SUBSCRIPTION_STATUSES,
} from '../lib/endpoints/admin.ts';
import { formatCents, formatDate, formatNumber, subscriptionLabel, subscriptionTone } from '../lib/format.ts';
import { optionalText, showProblem, text, whileBusy } from '../lib/forms.ts';
import {
  readFilters,
  showListPage,
  showLoadingRows,
  showLoadProblem,
  wireFilters,
  writeFilters,
} from '../lib/lists.ts';
import { notify } from '../lib/notify.ts';
import { pageUser } from './app-shell.ts';

const COLUMNS = 6;
const PER_PAGE = 20;
const FILTERS = ['search', 'plan', 'status', 'sort'] as const;

const filtersForm = find<HTMLFormElement>('form[data-filters]');
const rowsBody = find<HTMLTableSectionElement>('tbody[data-rows]');
const paginationNav = find('[data-pagination]');

const option = (value: string, label: string) => h('option', { value }, label);

function fillFilterChoices(plans: readonly AdminPlan[]): void {
  find('[data-plan-options]', filtersForm).append(
    ...plans.map((plan) => option(plan.name, plan.display_name)),
  );
  find('[data-status-options]', filtersForm).append(
    ...SUBSCRIPTION_STATUSES.map((status) => option(status, subscriptionLabel(status))),
  );
  const initial = readFilters([...FILTERS, 'page'] as const);
  for (const name of FILTERS) {
    const control = filtersForm.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
    if (initial[name]) control.value = initial[name];
  }
  page = Number(initial.page) || 1;
}

let page = 1;

function query(): AgencyQuery {
  const [sort, order] = text(filtersForm, 'sort').split(':');
  return {
    page,
    per_page: PER_PAGE,
    search: text(filtersForm, 'search'),
    plan: text(filtersForm, 'plan'),
    status: text(filtersForm, 'status') as AgencyQuery['status'],
    sort,
    order: order === 'asc' ? 'asc' : 'desc',
  };
}

function row(agency: AgencySummary): HTMLTableRowElement {
  const href = `/admin/agencies/view?id=${encodeURIComponent(agency.id)}`;
  const status = h(
    'td',
    {},
    h(
      'span',
      { class: 'badge', 'data-tone': subscriptionTone(agency.subscription_status) },
      subscriptionLabel(agency.subscription_status),
    ),
  );
  if (!agency.is_active) status.append(' ', h('span', { class: 'chip' }, 'Inactive'));
  return h(
    'tr',
    { 'data-agency': agency.slug, 'data-inactive': !agency.is_active },
    h(
      'td',
      {},
      h(
        'div',
        { class: 'entity' },
        h('span', { class: 'entity-avatar', 'aria-hidden': 'true' }, initials(agency.name)),
        h(
          'span',
          { class: 'entity-text' },
          h('span', { class: 'entity-name' }, h('a', { href }, agency.name)),
          h('span', { class: 'entity-sub' }, `${agency.slug}.${window.location.host}`),
        ),
      ),
    ),
    h('td', {}, agency.plan.display_name),
    status,
    h('td', { class: 'numeric' }, `${formatNumber(agency.seats_used)} / ${formatNumber(agency.seats_limit)}`),
    h('td', { class: 'numeric' }, formatCents(agency.api_usage_current_period_cents)),
    h('td', {}, formatDate(agency.created_at)),
  );
}

let loadCount = 0;

async function load(): Promise<void> {
  const current = ++loadCount;
  const filters = query();
  writeFilters({ ...Object.fromEntries(FILTERS.map((name) => [name, text(filtersForm, name)])), page });
  showLoadingRows(rowsBody, COLUMNS);
  const result = await listAgencies(filters);
  if (current !== loadCount) return;
  if (!result.ok) {
    paginationNav.replaceChildren();
    showLoadProblem(rowsBody, COLUMNS, 'The agencies', result);
    return;
  }
  const filtered = filters.search || filters.plan || filters.status;
  showListPage(
    rowsBody,
    COLUMNS,
    paginationNav,
    {
      rows: result.data.map(row),
      empty: filtered ? 'No agency matches these filters.' : 'No agencies yet.',
      pagination: result.pagination,
      nouns: ['agency', 'agencies'],
    },
    (target) => {
      page = target;
      void load();
    },
  );
}

/** "Smith & Partners, Inc." → "smith-partners-inc": a subdomain suggestion from the name. */
function slugFrom(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
}

function wireCreate(plans: readonly AdminPlan[]): void {
  const { element: create, form, alert, submit, clear } = formDialog('create-agency-dialog', 'create');
  const name = find<HTMLInputElement>('#new-name', form);
  const slug = find<HTMLInputElement>('#new-slug', form);
  const slugHint = find('[data-slug-hint]', form);
  find('[data-plan-choices]', form).append(
    ...plans.filter((plan) => plan.is_active).map((plan) => option(plan.name, plan.display_name)),
  );

  // The subdomain follows the name until someone types one of their own.
  let slugTouched = false;
  const showHost = () => {
    slugHint.textContent = slug.value
      ? `Its dashboard: ${slug.value}.${window.location.host}`
      : 'Lowercase letters, digits and hyphens.';
  };
  name.addEventListener('input', () => {
    if (!slugTouched) slug.value = slugFrom(name.value);
    showHost();
  });
  slug.addEventListener('input', () => {
    slugTouched = slug.value !== '';
    showHost();
  });

  find('[data-create-open]').addEventListener('click', () => {
    form.reset();
    slugTouched = false;
    showHost();
    clear();
    create.showModal();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    const result = await whileBusy(submit, 'Creating…', () =>
      createAgency({
        name: text(form, 'name'),
        slug: text(form, 'slug'),
        plan: text(form, 'plan'),
        admin_email: text(form, 'admin_email'),
        admin_first_name: optionalText(form, 'admin_first_name'),
        admin_last_name: optionalText(form, 'admin_last_name'),
        notes: optionalText(form, 'notes'),
      }),
    );
    if (!result.ok) {
      showProblem(alert, result, { form });
      return;
    }
    create.close();
    const { admin } = result.data;
    notify(
      admin.invitation_sent
        ? `${result.data.name} was created. Invitation sent to ${admin.email}.`
        : `${result.data.name} was created, but the invitation to ${admin.email} could not be sent.`,
    );
    void load();
  });
}

await pageUser();
const plans = await listPlans();
fillFilterChoices(plans.ok ? plans.data : []);
wireCreate(plans.ok ? plans.data : []);

wireFilters(filtersForm, () => {
  page = 1;
  void load();
}, ['agency-search']);
void load();
