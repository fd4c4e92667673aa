/**
 * The new-password form of the reset and invitation pages: live rule checks, then the emailed
 * `token` and both entries go to the API, whose field errors (policy, mismatch) and link errors
 * (used, expired: reported on `token`) are shown in place.
 */
import type { ApiProblem, ApiResult } from '../lib/api.ts';
import { find } from '../lib/dom.ts';
import type { NewPassword } from '../lib/endpoints/auth.ts';
import { clearFieldErrors, hideAlert, showAlert, showProblem, whileBusy } from '../lib/forms.ts';

/** PRD §5.2.3, as the API applies it (Unicode letter classes, so "É" counts as uppercase). */
const RULES: Record<string, (password: string, confirmation: string) => boolean> = {
  length: (password) => [...password].length >= 8,
  upper: (password) => /\p{Lu}/u.test(password),
  lower: (password) => /\p{Ll}/u.test(password),
  digit: (password) => /\p{Nd}/u.test(password),
  match: (password, confirmation) => password !== '' && password === confirmation,
};

interface Options<T> {
  form: HTMLFormElement;
  busyLabel: string;
  send: (body: NewPassword) => Promise<ApiResult<T>>;
  onSuccess: (data: T) => void;
  /** What to say when the link itself is refused (used, expired, never valid). */
  linkRefused: (problem: ApiProblem) => {
    title: string;
    message: string;
    link?: { href: string; label: string };
  };
}

/** The token of the emailed link, or null when the address was cut short. */
export function linkToken(): string | null {
  return new URLSearchParams(window.location.search).get('token') || null;
}

export function wireNewPasswordForm<T>(options: Options<T>): void {
  const { form } = options;
  const password = find<HTMLInputElement>('#password', form);
  const confirmation = find<HTMLInputElement>('#password_confirmation', form);
  const alert = find('[data-form-alert]', form);
  const submit = find<HTMLButtonElement>('button[type="submit"]', form);

  const update = () => {
    for (const item of form.querySelectorAll<HTMLElement>('[data-rule]')) {
      const met = RULES[item.dataset.rule ?? '']?.(password.value, confirmation.value) ?? false;
      item.dataset.met = String(met);
      find('[data-rule-state]', item).textContent = met ? '(met)' : '(not met yet)';
    }
  };
  password.addEventListener('input', update);
  confirmation.addEventListener('input', update);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    hideAlert(alert);
    clearFieldErrors(form);
    const body = {
      token: linkToken() ?? '',
      password: password.value,
      password_confirmation: confirmation.value,
    };
    const result = await whileBusy(submit, options.busyLabel, () => options.send(body));
    if (result.ok) {
      options.onSuccess(result.data);
      return;
    }
    if (result.fieldErrors.some((error) => error.field === 'token')) {
      const refusal = options.linkRefused(result);
      showAlert(alert, { title: refusal.title, message: refusal.message, requestId: result.requestId });
      if (refusal.link) {
        const link = document.createElement('a');
        link.href = refusal.link.href;
        link.textContent = refusal.link.label;
        alert.append(link);
      }
      return;
    }
    showProblem(alert, result, { form });
  });
}
