/** Settings → General: the agency profile form and the webhook with its one-time signing secret. */
import { formDialog } from '../lib/dialogs.ts';
import { find, h } from '../lib/dom.ts';
import {
  type AgencySettings,
  getAgencySettings,
  rotateWebhookSecret,
  updateAgency,
} from '../lib/endpoints/agency.ts';
import { clearFieldErrors, hideAlert, showAlert, showProblem, text, whileBusy } from '../lib/forms.ts';
import { notify } from '../lib/notify.ts';
import { secretDialog } from '../lib/secret-dialog.ts';
import { can } from '../lib/session.ts';
import { pageUser } from './app-shell.ts';

const form = find<HTMLFormElement>('form[data-general-form]');
const alert = find('[data-form-alert]', form);

function values(agency: AgencySettings): Record<string, string> {
  return {
    name: agency.name,
    default_timezone: agency.settings.default_timezone,
    company_website: agency.company_info.website ?? '',
    company_email: agency.company_info.email ?? '',
    company_phone: agency.company_info.phone ?? '',
    company_address: agency.company_info.address ?? '',
    notification_email: agency.settings.notification_email ?? '',
    social_linkedin_url: agency.social_links.linkedin ?? '',
    social_facebook_url: agency.social_links.facebook ?? '',
    social_twitter_url: agency.social_links.twitter ?? '',
    social_instagram_url: agency.social_links.instagram ?? '',
    webhook_url: agency.settings.webhook_url ?? '',
  };
}

/** The secret's state under the URL field, and whether it can be rotated (only with a saved URL). */
function showWebhookState(settings: AgencySettings['settings']): void {
  find('[data-webhook-secret-status]', form).textContent = !settings.webhook_url
    ? 'Save a webhook URL to get the secret that signs its deliveries.'
    : settings.webhook_secret_configured
      ? 'Deliveries are signed with a secret that was shown once, when it was created. Lost it? Rotate it.'
      : 'No signing secret yet: rotate to create one (unsigned deliveries are not sent).';
  find<HTMLButtonElement>('[data-rotate-secret]', form).disabled = !settings.webhook_url;
}

const secretShown = secretDialog('webhook-secret-dialog');

/** Shows a secret the API just returned; closing the dialog takes it off the page for good. */
function showSecret(url: string, secret: string): void {
  find('[data-secret-url]', secretShown.element).textContent = url;
  secretShown.show(secret);
}

/** The rotate button and its confirmation; `rotated` runs after a new secret was created. */
function wireRotate(rotated: () => void): void {
  const {
    element: confirm,
    form: confirmForm,
    alert: confirmAlert,
    submit,
    ask,
  } = formDialog('rotate-secret-dialog', 'rotate');
  find('[data-rotate-secret]', form).addEventListener('click', () =>
    ask(
      'Rotate the webhook secret?',
      'A new secret signs every delivery from now on; receivers still checking with the current one will reject them until you update them.',
    ),
  );
  confirmForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    hideAlert(confirmAlert);
    const answer = await whileBusy(submit, 'Rotating…', () => rotateWebhookSecret());
    if (!answer.ok) {
      showProblem(confirmAlert, answer);
      return;
    }
    confirm.close();
    rotated();
    showSecret(answer.data.webhook_url, answer.data.webhook_secret);
  });
}

const user = await pageUser();
const result = await getAgencySettings();
if (!result.ok) {
  showAlert(find('[data-load-alert]'), {
    title: 'The settings could not be loaded.',
    message: result.message,
    requestId: result.requestId,
  });
} else {
  let current = result.data;
  let saved = values(current);
  showWebhookState(current.settings);
  wireRotate(() => {
    current = { ...current, settings: { ...current.settings, webhook_secret_configured: true } };
    showWebhookState(current.settings);
  });
  for (const [name, value] of Object.entries(saved)) {
    (form.elements.namedItem(name) as HTMLInputElement).value = value;
  }
  const zones =
    (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  find('[data-timezones]').append(...zones.map((zone) => h('option', { value: zone })));
  const editable = can(user, 'agency:update');
  for (const control of form.querySelectorAll<HTMLInputElement>('input, textarea'))
    control.readOnly = !editable;
  form.hidden = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    hideAlert(alert);
    clearFieldErrors(form);
    const changes: Record<string, string | null> = {};
    for (const [name, before] of Object.entries(saved)) {
      const value = text(form, name);
      if (value !== before) changes[name] = value === '' && name !== 'name' ? null : value;
    }
    if (Object.keys(changes).length === 0) {
      showAlert(alert, { title: 'Nothing to save: no field changed.' }, 'ok');
      return;
    }
    const submit = find<HTMLButtonElement>('button[type="submit"]', form);
    const answer = await whileBusy(submit, 'Saving…', () => updateAgency(changes));
    if (!answer.ok) {
      showProblem(alert, answer, { form });
      return;
    }
    current = answer.data;
    saved = values(current);
    showWebhookState(current.settings);
    notify('Settings saved.');
    if (answer.data.webhook_secret && current.settings.webhook_url) {
      showSecret(current.settings.webhook_url, answer.data.webhook_secret);
    }
  });
}
