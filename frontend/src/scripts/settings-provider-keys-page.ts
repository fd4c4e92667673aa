/** Settings → AI providers: set, replace, remove and test the agency's provider keys. */
import { find, h } from '../lib/dom.ts';
import {
  getAgencySettings,
  type Provider,
  type ProviderKeyStatus,
  testProviderKey,
  updateProviderKeys,
} from '../lib/endpoints/agency.ts';
import { clearFieldErrors, hideAlert, showAlert, showProblem, text, whileBusy } from '../lib/forms.ts';
import { notify } from '../lib/notify.ts';
import { pageUser } from './app-shell.ts';

function showStatus(form: HTMLFormElement, status: ProviderKeyStatus): void {
  find('[data-key-status]', form).replaceChildren(
    status.configured
      ? h(
          'span',
          {},
          'Key configured, ending in ',
          h('code', { 'data-key-last4': '' }, `…${status.last4 ?? ''}`),
        )
      : h('span', { class: 'muted' }, 'No key stored.'),
  );
  find('[data-key-remove]', form).hidden = !status.configured;
  find('[data-key-save]', form).textContent = status.configured ? 'Replace key' : 'Save key';
}

function wire(form: HTMLFormElement, provider: Provider, initial: ProviderKeyStatus): void {
  const alert = find('[data-form-alert]', form);
  const field = `${provider}_api_key` as const;
  showStatus(form, initial);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    hideAlert(alert);
    clearFieldErrors(form);
    const result = await whileBusy(find<HTMLButtonElement>('[data-key-save]', form), 'Saving…', () =>
      updateProviderKeys({ [field]: text(form, field) }),
    );
    if (!result.ok) {
      showProblem(alert, result, { form });
      return;
    }
    form.reset();
    showStatus(form, result.data[provider]);
    notify('Key saved.');
  });
  find('[data-key-remove]', form).addEventListener('click', async (event) => {
    hideAlert(alert);
    if (!window.confirm('Remove this key? Documents will no longer be generated with it.')) return;
    const result = await whileBusy(event.currentTarget as HTMLButtonElement, 'Removing…', () =>
      updateProviderKeys({ [field]: null }),
    );
    if (!result.ok) {
      showProblem(alert, result);
      return;
    }
    showStatus(form, result.data[provider]);
    notify('Key removed.');
  });
  find('[data-key-test]', form).addEventListener('click', async (event) => {
    hideAlert(alert);
    clearFieldErrors(form);
    const typed = text(form, field);
    const result = await whileBusy(event.currentTarget as HTMLButtonElement, 'Testing…', () =>
      testProviderKey(provider, typed || undefined),
    );
    if (!result.ok) {
      showProblem(alert, result, { form });
      return;
    }
    const tone = result.data.status === 'valid' ? 'ok' : result.data.status === 'invalid' ? 'down' : 'warn';
    const title =
      result.data.status === 'valid'
        ? 'The key works.'
        : result.data.status === 'invalid'
          ? 'The provider refused this key.'
          : 'The provider could not be reached.';
    showAlert(alert, { title, message: result.data.message }, tone);
  });
}

await pageUser();
const result = await getAgencySettings();
if (!result.ok) {
  showAlert(find('[data-load-alert]'), {
    title: 'The provider keys could not be loaded.',
    message: result.message,
    requestId: result.requestId,
  });
} else {
  find('[data-provider-keys]').hidden = false;
  for (const provider of ['anthropic', 'freepik'] as const) {
    wire(
      find<HTMLFormElement>(`form[data-provider="${provider}"]`),
      provider,
      result.data.api_keys[provider],
    );
  }
}
