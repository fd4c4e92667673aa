/**
 * The create/edit client dialog (`components/ClientFormDialog.astro`): fills it from a client,
 * sends only what changed on edit (empty clears), and shows the API's field errors.
 */
import type { ApiProblem } from './api.ts';
import { dialog } from './dialogs.ts';
import { find } from './dom.ts';
import { type ClientDetail, type ClientFields, createClient, updateClient } from './endpoints/clients.ts';
import { clearFieldErrors, hideAlert, showAlert, showProblem, splitList, text, whileBusy } from './forms.ts';

const TEXT_FIELDS = [
  'company_name',
  'industry',
  'company_size',
  'website_url',
  'contact_name',
  'contact_title',
  'contact_email',
  'contact_phone',
  'company_description',
] as const;
const LIST_FIELDS = ['related_services', 'target_keywords'] as const;

/** Seat-limit and other plan refusals read as a plain sentence, not as a fault. */
export function showClientProblem(alert: HTMLElement, result: ApiProblem, form?: HTMLFormElement): void {
  if (result.code === 'BIZ_001') {
    showAlert(alert, {
      title: 'No client seats left on your plan.',
      message: `${result.message} Deactivate a client or upgrade your plan to add another.`,
    });
    alert.dataset.code = result.code;
    return;
  }
  delete alert.dataset.code;
  showProblem(alert, result, { form });
}

function currentValues(client: ClientDetail): Record<string, string> {
  const values: Record<string, string> = { default_tone: client.content_defaults.default_tone };
  for (const name of TEXT_FIELDS) values[name] = (client[name] as string | null) ?? '';
  for (const name of LIST_FIELDS) values[name] = client.content_defaults[name].join(', ');
  return values;
}

/**
 * Wires the dialog; the returned function opens it for a new client (no argument) or for editing
 * one. `saved` gets the client the API answered with.
 */
export function clientFormDialog(saved: (client: ClientDetail, created: boolean) => void) {
  const element = dialog('client-dialog');
  const form = find<HTMLFormElement>('form[data-client-form]', element);
  const alert = find('[data-form-alert]', form);
  const submit = find<HTMLButtonElement>('[data-client-submit]', form);
  let editing: ClientDetail | null = null;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    hideAlert(alert);
    clearFieldErrors(form);
    const fields: ClientFields = {};
    const before = editing ? currentValues(editing) : null;
    for (const name of [...TEXT_FIELDS, 'default_tone', ...LIST_FIELDS]) {
      const value = text(form, name);
      if (before) {
        if (value === before[name]) continue;
        const list = (LIST_FIELDS as readonly string[]).includes(name);
        fields[name] = value === '' ? (name === 'company_name' ? '' : null) : list ? splitList(value) : value;
      } else if (value !== '') {
        fields[name] = (LIST_FIELDS as readonly string[]).includes(name) ? splitList(value) : value;
      }
    }
    if (!before && fields.company_name === undefined) fields.company_name = '';
    if (before && Object.keys(fields).length === 0) {
      element.close();
      return;
    }
    const target = editing;
    const result = await whileBusy(submit, target ? 'Saving…' : 'Creating…', () =>
      target ? updateClient(target.id, fields) : createClient(fields),
    );
    if (!result.ok) {
      showClientProblem(alert, result, form);
      return;
    }
    element.close();
    saved(result.data, !target);
  });

  return (client?: ClientDetail) => {
    editing = client ?? null;
    form.reset();
    clearFieldErrors(form);
    hideAlert(alert);
    find('[data-dialog-title]', element).textContent = client ? `Edit ${client.company_name}` : 'New client';
    submit.textContent = client ? 'Save changes' : 'Create client';
    if (client) {
      for (const [name, value] of Object.entries(currentValues(client))) {
        (form.elements.namedItem(name) as HTMLInputElement).value = value;
      }
    }
    element.showModal();
  };
}
