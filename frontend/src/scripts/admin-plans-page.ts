/**
 * Platform → Plans: the plans table and its edit dialog. Money is typed in dollars and sent in
 * cents (PRD §4.2.1 `price_cents`); the inputs carry the API's field names so 422s land on them.
 */
import { formDialog } from '../lib/dialogs.ts';
import { find, h } from '../lib/dom.ts';
import { type AdminPlan, listPlans, type PlanChanges, updatePlan } from '../lib/endpoints/admin.ts';
import { formatCents, formatNumber } from '../lib/format.ts';
import { showProblem, text, whileBusy } from '../lib/forms.ts';
import { onRowAction, rowActionButton, showLoadingRows, showLoadProblem, showRows } from '../lib/lists.ts';
import { notify } from '../lib/notify.ts';
import { pageUser } from './app-shell.ts';

const COLUMNS = 7;
const rowsBody = find<HTMLTableSectionElement>('tbody[data-rows]');
const plans = new Map<string, AdminPlan>();

const PERIOD = { annual: 'per year', monthly: 'per month' } as const;

const chip = (text: string, strong = false) =>
  h('span', { class: strong ? 'chip chip--strong' : 'chip' }, text);

function row(plan: AdminPlan): HTMLTableRowElement {
  const includes = [
    plan.custom_domain_allowed ? 'Custom domain' : null,
    plan.client_image_upload_allowed ? 'Image uploads' : null,
  ].filter((item): item is string => item !== null);
  // Plans that agencies cannot be put on, or that public pricing leaves out, say so by their name.
  const flags = [
    plan.badge_text ? chip(plan.badge_text, true) : null,
    plan.is_active ? null : chip('Inactive'),
    plan.is_visible ? null : chip('Hidden'),
  ].filter((item): item is HTMLSpanElement => item !== null);
  return h(
    'tr',
    { 'data-plan': plan.name, 'data-inactive': !plan.is_active },
    h(
      'td',
      {},
      h(
        'div',
        { class: 'entity-text' },
        h('span', { class: 'entity-name' }, plan.display_name),
        h('code', { class: 'entity-sub' }, plan.name),
        flags.length > 0 ? h('div', { class: 'chips plan-flags-row' }, ...flags) : null,
      ),
    ),
    h(
      'td',
      { class: 'numeric' },
      formatCents(plan.price_cents),
      h('div', { class: 'entity-sub' }, PERIOD[plan.billing_period]),
    ),
    h(
      'td',
      {},
      `${formatNumber(plan.max_seats)} client seats`,
      h(
        'div',
        { class: 'entity-sub' },
        plan.max_templates === null ? 'Every template' : `${formatNumber(plan.max_templates)} templates`,
      ),
    ),
    h(
      'td',
      {},
      plan.api_key_mode === 'included' ? 'Included credits' : 'Own AI keys',
      plan.api_key_mode === 'included'
        ? h('div', { class: 'entity-sub' }, `${formatCents(plan.included_api_credits_cents)} a month`)
        : null,
    ),
    h(
      'td',
      {},
      includes.length > 0
        ? h('div', { class: 'chips' }, ...includes.map((item) => chip(item)))
        : h('span', { class: 'muted' }, '—'),
    ),
    h(
      'td',
      { class: 'numeric' },
      formatNumber(plan.agencies.active),
      plan.agencies.total !== plan.agencies.active
        ? h('div', { class: 'entity-sub' }, `${formatNumber(plan.agencies.total)} in all`)
        : null,
    ),
    h(
      'td',
      { class: 'actions-cell' },
      rowActionButton('Edit', 'edit', plan.display_name, { 'data-plan-name': plan.name }),
    ),
  );
}

async function load(): Promise<void> {
  showLoadingRows(rowsBody, COLUMNS, 4);
  const result = await listPlans();
  if (!result.ok) {
    showLoadProblem(rowsBody, COLUMNS, 'The plans', result);
    return;
  }
  plans.clear();
  for (const plan of result.data) plans.set(plan.name, plan);
  showRows(rowsBody, result.data.map(row));
}

const toDollars = (cents: number) => (cents / 100).toFixed(2);
const toCents = (dollars: string) => Math.round(Number(dollars) * 100);

function wireEdit(): void {
  const { element: edit, form, alert, submit, clear } = formDialog('plan-dialog', 'plan');
  const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  let plan: AdminPlan | undefined;

  onRowAction(rowsBody, 'edit', (button) => {
    plan = plans.get(button.dataset.planName ?? '');
    if (!plan) return;
    clear();
    find('[data-dialog-title]', edit).textContent = `Edit ${plan.display_name}`;
    find('[data-billing-period]', form).textContent = PERIOD[plan.billing_period];
    input('display_name').value = plan.display_name;
    input('badge_text').value = plan.badge_text ?? '';
    (form.elements.namedItem('description') as HTMLTextAreaElement).value = plan.description ?? '';
    input('price_cents').value = toDollars(plan.price_cents);
    input('max_seats').value = String(plan.max_seats);
    input('max_templates').value = plan.max_templates === null ? '' : String(plan.max_templates);
    (form.elements.namedItem('api_key_mode') as HTMLSelectElement).value = plan.api_key_mode;
    input('included_api_credits_cents').value = toDollars(plan.included_api_credits_cents);
    for (const flag of [
      'custom_domain_allowed',
      'client_image_upload_allowed',
      'is_active',
      'is_visible',
    ] as const) {
      input(flag).checked = plan[flag];
    }
    edit.showModal();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!plan) return;
    clear();
    const target = plan;
    const next: PlanChanges = {
      display_name: text(form, 'display_name'),
      badge_text: text(form, 'badge_text') || null,
      description: text(form, 'description') || null,
      price_cents: toCents(text(form, 'price_cents')),
      max_seats: Number(text(form, 'max_seats')),
      max_templates: text(form, 'max_templates') === '' ? null : Number(text(form, 'max_templates')),
      api_key_mode: text(form, 'api_key_mode') as AdminPlan['api_key_mode'],
      included_api_credits_cents: toCents(text(form, 'included_api_credits_cents') || '0'),
      custom_domain_allowed: input('custom_domain_allowed').checked,
      client_image_upload_allowed: input('client_image_upload_allowed').checked,
      is_active: input('is_active').checked,
      is_visible: input('is_visible').checked,
    };
    // Only changed fields: a new seat limit is copied onto every agency of the plan.
    const changes = Object.fromEntries(
      Object.entries(next).filter(([field, value]) => value !== target[field as keyof PlanChanges]),
    ) as PlanChanges;
    if (Object.keys(changes).length === 0) {
      edit.close();
      return;
    }
    const result = await whileBusy(submit, 'Saving…', () => updatePlan(target.name, changes));
    if (!result.ok) {
      showProblem(alert, result, { form });
      return;
    }
    edit.close();
    const seats = result.data.seat_propagation;
    notify(
      seats
        ? `${result.data.display_name} saved. The new seat limit applies to ${formatNumber(seats.agencies_updated)} agencies${seats.agencies_over_limit > 0 ? `; ${formatNumber(seats.agencies_over_limit)} are now over it` : ''}.`
        : `${result.data.display_name} saved.`,
    );
    void load();
  });
}

await pageUser();
wireEdit();
void load();
