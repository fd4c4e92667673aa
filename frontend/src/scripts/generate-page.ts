/**
 * The generate form: client (fixed for client users), topic, tone, template with thumbnails, and
 * the client's content defaults as editable starting values; credits and the provider key in the
 * side panel. One `Idempotency-Key` per submission: a retry after a lost answer starts nothing new.
 */
import type { ApiProblem } from '../lib/api.ts';
import { generateHref, progressHref } from '../lib/documents.ts';
import { find, h } from '../lib/dom.ts';
import { type AgencySettings, getAgencySettings } from '../lib/endpoints/agency.ts';
import type { CurrentUser } from '../lib/endpoints/auth.ts';
import { type ClientDetail, getClient, listActiveClients } from '../lib/endpoints/clients.ts';
import {
  type DocumentDetail,
  type GenerateRequest,
  getDocument,
  startGeneration,
} from '../lib/endpoints/documents.ts';
import { listTemplates, type TemplateSummary } from '../lib/endpoints/templates.ts';
import { formatCents } from '../lib/format.ts';
import {
  clearFieldErrors,
  hideAlert,
  optionalText,
  showAlert,
  showProblem,
  splitList,
  text,
  whileBusy,
} from '../lib/forms.ts';
import { can } from '../lib/session.ts';
import { templateThumbnail } from '../lib/template-previews.ts';
import { pageUser } from './app-shell.ts';

const layout = find('[data-generate]');
const loadAlert = find('[data-load-alert]');
const form = find<HTMLFormElement>('form[data-generate-form]');
const formAlert = find('[data-form-alert]', form);
const submit = find<HTMLButtonElement>('[data-generate-submit]', form);
const clientSelect = find<HTMLSelectElement>('#generate-client', form);
const params = new URLSearchParams(window.location.search);

const control = <T extends HTMLElement = HTMLInputElement>(name: string) =>
  form.elements.namedItem(name) as unknown as T;

function setTone(tone: string): void {
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="tone"]')) {
    radio.checked = radio.value === tone;
  }
}

/** The client's services as checkboxes, ticked when `selected` has them (all, by default). */
function showServices(services: readonly string[], selected: readonly string[] = services): void {
  const field = find('[data-services-field]', form);
  field.hidden = services.length === 0;
  find('[data-services]', form).replaceChildren(
    ...services.map((service) =>
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          name: 'related_services',
          value: service,
          checked: selected.includes(service),
        }),
        service,
      ),
    ),
  );
}

/** Starting values from the client's content defaults (PRD §4.2.3). */
function applyClientDefaults(client: ClientDetail): void {
  const defaults = client.content_defaults;
  setTone(defaults.default_tone);
  control('keywords').value = defaults.target_keywords.join(', ');
  control<HTMLTextAreaElement>('additional_context').value = defaults.additional_context ?? '';
  showServices(defaults.related_services);
}

/** Starting values from an earlier document: trying it again, or a variation of it. */
function applyDocument(document: DocumentDetail, client: ClientDetail | null): void {
  const input = document.generation_input;
  control('topic').value = document.topic;
  if (input.tone) setTone(input.tone);
  control('keywords').value = input.keywords.join(', ');
  const services = [
    ...new Set([...(client?.content_defaults.related_services ?? []), ...input.related_services]),
  ];
  showServices(services, input.related_services);
  control<HTMLTextAreaElement>('custom_direction').value = input.custom_direction ?? '';
  control<HTMLTextAreaElement>('additional_context').value = input.additional_context ?? '';
  control('cover_image_search').value = input.cover_image_search ?? '';
  if (document.template) selectTemplate(document.template.code);
}

function selectTemplate(code: string): void {
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="template_code"]')) {
    radio.checked = radio.value === code;
  }
}

function templateChoice(template: TemplateSummary): HTMLElement {
  return h(
    'label',
    { class: 'template-choice', 'data-template-code': template.code },
    templateThumbnail(template, 'template-thumb'),
    h(
      'span',
      { class: 'template-choice-name' },
      h('input', {
        type: 'radio',
        name: 'template_code',
        value: template.code,
        checked: template.is_default,
      }),
      h('span', {}, template.name),
    ),
    template.is_premium ? h('span', { class: 'badge', 'data-tone': 'warn' }, 'Premium') : null,
  );
}

function showTemplates(templates: readonly TemplateSummary[] | null): void {
  const choices = find('[data-template-choices]', form);
  choices.removeAttribute('aria-busy');
  // Without the list (client users, or none assigned) the API uses the agency's default design.
  if (!templates || templates.length === 0) {
    find('[data-template-section]', form).hidden = true;
    find('[data-template-default]', form).hidden = false;
    return;
  }
  choices.replaceChildren(...templates.map(templateChoice));
  if (!templates.some((template) => template.is_default)) selectTemplate(templates[0]?.code ?? '');
}

/** Credits left this period (included plans) or whose key pays (own-key plans). */
function showCredits(agency: AgencySettings, user: CurrentUser): void {
  const card = find('[data-credits]');
  const { usage, plan, api_keys } = agency;
  card.hidden = false;
  const value = find('[data-credits-value]', card);
  const note = find('[data-credits-note]', card);
  const limit = usage.api_credits_limit_cents;
  if (plan.api_key_mode === 'byok' || limit === null) {
    find('.stat-label', card).textContent = 'AI usage this period';
    value.textContent = formatCents(usage.api_credits_used_cents);
    note.textContent = api_keys.anthropic.configured
      ? `Billed to your own Anthropic key (…${api_keys.anthropic.last4 ?? ''}).`
      : 'Billed to your own Anthropic key.';
    if (!api_keys.anthropic.configured) showMissingKey(user);
    return;
  }
  const left = Math.max(0, limit - usage.api_credits_used_cents);
  value.textContent = `${formatCents(left)} left`;
  note.textContent = `${formatCents(usage.api_credits_used_cents)} of ${formatCents(limit)} used`;
  const meter = find('[data-credits-meter]', card);
  meter.hidden = false;
  const fill = find('span', meter);
  const percent = limit > 0 ? Math.min(100, (usage.api_credits_used_cents / limit) * 100) : 100;
  fill.style.inlineSize = `${percent}%`;
  if (left === 0) {
    fill.dataset.full = '';
    showAlert(
      find('[data-key-alert]'),
      {
        title: 'This period’s AI credits are used up.',
        message: 'New documents can be generated when the next period starts, or after an upgrade.',
      },
      'warn',
    );
  }
}

/** Pro plans run on the agency's own Anthropic key: say where to add it. */
function showMissingKey(user: CurrentUser): void {
  const alert = find('[data-key-alert]');
  showAlert(
    alert,
    {
      title: 'No Anthropic API key yet.',
      message: can(user, 'agency:api_keys:manage')
        ? 'Your plan uses your own Anthropic key for research and writing.'
        : 'Your plan uses your agency’s own Anthropic key for research and writing. Ask an agency admin to add it in Settings → AI providers.',
    },
    'warn',
  );
  if (can(user, 'agency:api_keys:manage')) {
    alert.append(
      h('a', { href: '/settings/provider-keys', 'data-key-link': '' }, 'Add it in Settings → AI providers'),
    );
  }
}

/** A refusal, with the way out when the plan or the key is the reason. */
function showStartProblem(result: ApiProblem, user: CurrentUser): void {
  formAlert.dataset.code = result.code;
  if (
    result.code === 'BIZ_005' &&
    (result.details as { reason?: string } | null)?.reason === 'api_key_missing'
  ) {
    showAlert(formAlert, { title: 'Add your Anthropic API key first.', message: result.message });
    if (can(user, 'agency:api_keys:manage')) {
      formAlert.append(h('a', { href: '/settings/provider-keys' }, 'Open Settings → AI providers'));
    }
    return;
  }
  if (result.code === 'BIZ_004') {
    showAlert(formAlert, {
      title: 'This period’s AI credits are used up.',
      message: `${result.message} New documents can be generated when the next period starts, or after an upgrade.`,
      requestId: result.requestId,
    });
    return;
  }
  showProblem(formAlert, result, {
    form,
    title: result.fieldErrors.length ? undefined : 'The document could not be started.',
  });
}

function request(): GenerateRequest {
  const data = new FormData(form);
  const body: GenerateRequest = { topic: text(form, 'topic') };
  const tone = data.get('tone');
  if (tone) body.tone = String(tone) as GenerateRequest['tone'];
  const template = data.get('template_code');
  if (template) body.template_code = String(template);
  body.keywords = splitList(text(form, 'keywords'));
  if (!find('[data-services-field]', form).hidden) {
    body.related_services = data.getAll('related_services').map(String);
  }
  for (const name of ['custom_direction', 'additional_context', 'cover_image_search'] as const) {
    const value = optionalText(form, name);
    if (value) body[name] = value;
  }
  return body;
}

const user = await pageUser();
const fixedClient = user.role === 'client' ? user.client_id : null;
const fromId = params.get('from');
const [clients, templates, agency, earlier] = await Promise.all([
  fixedClient ? null : listActiveClients(),
  can(user, 'templates:list') ? listTemplates() : null,
  can(user, 'agency:read') ? getAgencySettings() : null,
  fromId ? getDocument(fromId) : null,
]);

if (clients && !clients.ok) {
  showAlert(loadAlert, {
    title: 'The clients could not be loaded.',
    message: clients.message,
    requestId: clients.requestId,
  });
} else if (clients && clients.data.length === 0) {
  showAlert(
    loadAlert,
    {
      title: 'No active clients yet.',
      message: 'Documents are generated for a client. Add one under Clients first.',
    },
    'warn',
  );
} else {
  showTemplates(templates?.ok ? templates.data : null);
  if (agency?.ok) showCredits(agency.data, user);

  const chosen = earlier?.ok ? earlier.data.client_id : (fixedClient ?? params.get('client'));
  let clientId = fixedClient ?? '';
  if (clients?.ok) {
    clientSelect.replaceChildren(
      ...clients.data.map((client) => h('option', { value: client.id }, client.company_name)),
    );
    if (chosen && clients.data.some((client) => client.id === chosen)) clientSelect.value = chosen;
    clientId = clientSelect.value;
  } else {
    find('[data-client-picker]', form).hidden = true;
    find('[data-client-fixed]', form).hidden = false;
  }

  const loadClient = async (id: string) => {
    const result = await getClient(id);
    if (!result.ok) {
      showProblem(formAlert, result, { title: 'The client’s defaults could not be loaded.' });
      return null;
    }
    find('[data-client-fixed-name]', form).textContent = result.data.company_name;
    return result.data;
  };

  const client = await loadClient(clientId);
  if (earlier?.ok) applyDocument(earlier.data, client);
  else if (client) applyClientDefaults(client);
  // Shown only once the client's defaults are in: nothing typed can be overwritten by them.
  layout.hidden = false;

  clientSelect.addEventListener('change', async () => {
    clientId = clientSelect.value;
    const next = await loadClient(clientId);
    if (next && clientSelect.value === next.id) applyClientDefaults(next);
    window.history.replaceState(null, '', generateHref(clientId));
  });

  // One key per submission of these values: kept when the answer is lost (network, 5xx) so the
  // retry is recognised, renewed once the form changes or the API has answered.
  let idempotencyKey: string | null = null;
  form.addEventListener('input', () => {
    idempotencyKey = null;
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    hideAlert(formAlert);
    clearFieldErrors(form);
    idempotencyKey ??= crypto.randomUUID();
    const key = idempotencyKey;
    const result = await whileBusy(submit, 'Starting…', () => startGeneration(clientId, request(), key));
    if (result.ok) {
      window.location.assign(progressHref(result.data.document_id));
      return;
    }
    if (result.status !== 0 && result.status < 500) idempotencyKey = null;
    showStartProblem(result, user);
  });
}
