/** Platform → one agency: figures, subscription editing and its other settings. */
import { find, h } from '../lib/dom.ts';
import {
  type AdminPlan,
  type AgencyChanges,
  type AgencyDetail,
  getAgency,
  listPlans,
  SUBSCRIPTION_STATUSES,
  updateAgency,
} from '../lib/endpoints/admin.ts';
import {
  formatCents,
  formatDate,
  formatDateTime,
  formatNumber,
  humanize,
  subscriptionLabel,
  subscriptionTone,
} from '../lib/format.ts';
import { clearFieldErrors, hideAlert, showAlert, showProblem, text, whileBusy } from '../lib/forms.ts';
import { notify } from '../lib/notify.ts';
import { loadAgencyTemplates } from './admin-agency-templates.ts';
import { pageUser } from './app-shell.ts';

const view = find('[data-agency-view]');
const form = find<HTMLFormElement>('form[data-edit-form]');
const formAlert = find('[data-form-alert]', form);
const submit = find<HTMLButtonElement>('button[type="submit"]', form);

const SETTING_LABELS: Record<string, string> = {
  color_mode: 'Colour mode',
  color_accent_1: 'Primary colour',
  color_accent_2: 'Secondary colour',
  color_accent_3: 'Accent colour',
  oauth_linkedin_configured: 'LinkedIn app configured',
  oauth_facebook_configured: 'Facebook app configured',
  oauth_twitter_configured: 'X (Twitter) app configured',
  oauth_google_business_configured: 'Google Business app configured',
  subscription_cancel_at_period_end: 'Cancels at period end',
};

function settingValue(value: unknown): Node | string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value)) {
    return h(
      'span',
      {},
      h('span', { class: 'swatch', style: `background:${value}`, 'aria-hidden': 'true' }),
      h('code', {}, value),
    );
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function setStat(name: string, value: string, note: string): void {
  find(`[data-stat="${name}"]`).textContent = value;
  find(`[data-stat-note="${name}"]`).textContent = note;
}

function render(agency: AgencyDetail): void {
  document.title = document.title.replace(/^[^·]*/, `${agency.name} `);
  find('[data-agency-name]').textContent = agency.name;
  const host = find<HTMLAnchorElement>('[data-agency-host]');
  host.href = `${window.location.protocol}//${agency.slug}.${window.location.host}/`;
  host.textContent = `${agency.slug}.${window.location.host}`;
  find('[data-agency-created]').textContent = formatDate(agency.created_at);
  find('[data-agency-badges]').replaceChildren(
    h(
      'span',
      { class: 'badge', 'data-tone': subscriptionTone(agency.subscription_status) },
      subscriptionLabel(agency.subscription_status),
    ),
    agency.is_active ? '' : h('span', { class: 'badge', 'data-tone': 'down' }, 'Inactive'),
    h('span', { class: 'chip' }, agency.plan.display_name),
  );
  find('[data-over-limit]').hidden = !agency.seats.over_limit;

  setStat(
    'seats',
    `${formatNumber(agency.seats.used)} / ${formatNumber(agency.seats.limit)}`,
    `${formatNumber(Math.max(0, agency.seats.available))} available`,
  );
  const { usage } = agency;
  setStat(
    'usage',
    formatCents(usage.api_usage_cents_current_period),
    usage.included_api_credits_cents > 0
      ? `of ${formatCents(usage.included_api_credits_cents)} included · ends ${formatDate(usage.period_end)}`
      : `Own AI keys · period ends ${formatDate(usage.period_end)}`,
  );
  const inactive = agency.team.total - agency.team.active;
  setStat(
    'team',
    formatNumber(agency.team.active),
    [
      `${formatNumber(agency.team.active_admins)} admin${agency.team.active_admins === 1 ? '' : 's'}`,
      inactive > 0 ? `${formatNumber(inactive)} deactivated` : null,
    ]
      .filter(Boolean)
      .join(' · '),
  );
  setStat('documents', formatNumber(agency.documents_generated_total), 'Since the agency joined');

  (form.elements.namedItem('plan') as HTMLSelectElement).value = agency.plan.name;
  (form.elements.namedItem('subscription_status') as HTMLSelectElement).value = agency.subscription_status;
  (form.elements.namedItem('is_active') as HTMLInputElement).checked = agency.is_active;
  (form.elements.namedItem('notes') as HTMLTextAreaElement).value = agency.notes ?? '';

  find('[data-settings]').replaceChildren(
    ...Object.entries(agency.settings).map(([key, value]) =>
      h('div', {}, h('dt', {}, SETTING_LABELS[key] ?? humanize(key)), h('dd', {}, settingValue(value))),
    ),
  );
  view.hidden = false;
}

/** Only what changed goes to the API, so an untouched plan is not "changed" to itself. */
function changesFrom(agency: AgencyDetail): AgencyChanges {
  const changes: AgencyChanges = {};
  const plan = text(form, 'plan');
  const status = text(form, 'subscription_status') as AgencyDetail['subscription_status'];
  const active = (form.elements.namedItem('is_active') as HTMLInputElement).checked;
  const notes = text(form, 'notes') || null;
  if (plan && plan !== agency.plan.name) changes.plan = plan;
  if (status !== agency.subscription_status) changes.subscription_status = status;
  if (active !== agency.is_active) changes.is_active = active;
  if (notes !== (agency.notes ?? null)) changes.notes = notes;
  return changes;
}

function fillChoices(plans: readonly AdminPlan[], agency: AgencyDetail): void {
  const option = (value: string, label: string) => h('option', { value }, label);
  const choices = plans.filter((plan) => plan.is_active || plan.name === agency.plan.name);
  find('[data-plan-choices]', form).replaceChildren(
    ...(choices.length > 0 ? choices : [agency.plan]).map((plan) => option(plan.name, plan.display_name)),
  );
  find('[data-status-choices]', form).replaceChildren(
    ...SUBSCRIPTION_STATUSES.map((status) => option(status, subscriptionLabel(status))),
  );
}

await pageUser();
const id = new URLSearchParams(window.location.search).get('id');
const loadAlert = find('[data-load-alert]');
if (!id) {
  showAlert(loadAlert, { title: 'No agency was named.', message: 'Open an agency from the list.' });
} else {
  const [agencyResult, plans] = await Promise.all([getAgency(id), listPlans()]);
  if (!agencyResult.ok) {
    showProblem(loadAlert, agencyResult, {
      title: agencyResult.status === 404 ? 'This agency does not exist.' : 'The agency could not be loaded.',
    });
  } else {
    let agency = agencyResult.data;
    fillChoices(plans.ok ? plans.data : [], agency);
    render(agency);
    void loadAgencyTemplates(agency.id);

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      hideAlert(formAlert);
      clearFieldErrors(form);
      const changes = changesFrom(agency);
      if (Object.keys(changes).length === 0) {
        notify('Nothing to save.');
        return;
      }
      const result = await whileBusy(submit, 'Saving…', () => updateAgency(agency.id, changes));
      if (!result.ok) {
        showProblem(formAlert, result, { form });
        return;
      }
      agency = result.data;
      render(agency);
      notify(`${agency.name} was updated.`);
    });
  }
}
