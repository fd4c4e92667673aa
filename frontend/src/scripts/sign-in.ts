/** The sign-in form: signs in on this host and returns to the page that asked for it. */

import { find } from '../lib/dom.ts';
import { signIn } from '../lib/endpoints/auth.ts';
import { clearFieldErrors, hideAlert, showAlert, showProblem, text, whileBusy } from '../lib/forms.ts';
import { homeFor, safeNext } from '../lib/session.ts';

const form = find<HTMLFormElement>('form[data-sign-in]');
const alert = find('[data-form-alert]', form);
const submit = find<HTMLButtonElement>('button[type="submit"]', form);
const params = new URLSearchParams(window.location.search);
const next = safeNext(params.get('next'));

const notice = find('[data-notice]');
if (params.has('signed-out')) {
  showAlert(notice, { title: 'You have signed out.' }, 'ok');
} else if (params.has('password-reset')) {
  showAlert(notice, { title: 'Your password has been changed.', message: 'Sign in with the new one.' }, 'ok');
} else if (next) {
  find('[data-sign-in-intro]').textContent = 'Please sign in to continue.';
}

// Carry the typed address over, so the reset form does not ask for it again.
const emailInput = find<HTMLInputElement>('#email', form);
const forgot = find<HTMLAnchorElement>('[data-forgot-link]', form);
emailInput.addEventListener('input', () => {
  const email = emailInput.value.trim();
  forgot.href = email ? `/forgot-password?email=${encodeURIComponent(email)}` : '/forgot-password';
});

/** Refusals people can act on get their own words; the rest show the API's message. */
const REFUSALS: Record<string, { title: string; message: string }> = {
  AUTH_001: {
    title: 'Email or password is incorrect.',
    message: 'Check both and try again. After 5 failed attempts the account is locked for 15 minutes.',
  },
  AUTH_005: {
    title: 'This account is temporarily locked.',
    message: 'There were too many failed attempts. Wait 15 minutes, then try again.',
  },
  AUTH_006: {
    title: 'This account is inactive.',
    message: 'Ask an administrator of your agency to reactivate it.',
  },
  BIZ_003: {
    title: 'Your agency’s subscription is not active.',
    message: 'Sign-in resumes when the subscription does. Your agency administrator can help.',
  },
};

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  hideAlert(alert);
  clearFieldErrors(form);
  const result = await whileBusy(submit, 'Signing in…', () =>
    signIn(text(form, 'email'), text(form, 'password')),
  );
  if (result.ok) {
    window.location.assign(next ?? homeFor(result.data.user));
    return;
  }
  const refusal = REFUSALS[result.code];
  if (refusal) {
    alert.dataset.code = result.code;
    showAlert(alert, { ...refusal, requestId: result.requestId });
    if (result.code === 'AUTH_001') find<HTMLInputElement>('#password', form).select();
    return;
  }
  alert.dataset.code = result.code;
  showProblem(alert, result, { form });
});
