/** Settings → General: the agency profile form. */
import { find, h } from '../lib/dom.ts';
import { type AgencySettings, getAgencySettings, updateAgency } from '../lib/endpoints/agency.ts';
import { clearFieldErrors, hideAlert, showAlert, showProblem, text, whileBusy } from '../lib/forms.ts';
import { notify } from '../lib/notify.ts';
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
  };
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
  let saved = values(result.data);
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
    saved = values(answer.data);
    notify('Settings saved.');
  });
}
