/**
 * Forms and API answers: field errors from a 422 land next to their inputs, everything else in
 * the form's alert with the request id, and the submit button shows that work is under way.
 */
import { type ApiProblem, describeProblem } from './api.ts';
import { h } from './dom.ts';

/**
 * The form control a field error names. The API reports body fields by name (`email`), list items
 * by index (`allowed_ips.1`), nested fields by path (`sections.0.title`) and query fields with a
 * prefix (`query.from`); each maps to the input named after the longest leading part of the path
 * the form has (`sections.0.title`, else `sections.0`, else `sections`).
 */
function controlFor(form: HTMLFormElement, field: string): HTMLElement | null {
  const segments = field.replace(/^(body|query|params)\./, '').split('.');
  for (let length = segments.length; length > 0; length -= 1) {
    const control = form.elements.namedItem(segments.slice(0, length).join('.'));
    if (control instanceof RadioNodeList) {
      const first = control[0];
      if (first instanceof HTMLElement) return first.closest('fieldset') ?? first;
    } else if (control instanceof HTMLElement) return control;
  }
  return null;
}

function errorId(control: HTMLElement): string {
  return `${control.id || (control as HTMLInputElement).name}-error`;
}

export function clearFieldErrors(form: HTMLFormElement): void {
  for (const message of form.querySelectorAll('[data-field-error]')) message.remove();
  for (const control of form.querySelectorAll('[aria-invalid="true"]')) {
    control.removeAttribute('aria-invalid');
    const describedBy = (control.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((id) => id && id !== errorId(control as HTMLElement));
    if (describedBy.length > 0) control.setAttribute('aria-describedby', describedBy.join(' '));
    else control.removeAttribute('aria-describedby');
  }
}

/**
 * Shows each field error under its control and focuses the first one; returns the errors that
 * name no control of this form (the caller shows those in the form's alert).
 */
export function showFieldErrors(
  form: HTMLFormElement,
  errors: readonly { field: string; message: string }[],
) {
  clearFieldErrors(form);
  const unplaced: { field: string; message: string }[] = [];
  let first: HTMLElement | null = null;
  for (const error of errors) {
    const control = controlFor(form, error.field);
    if (!control) {
      unplaced.push(error);
      continue;
    }
    const id = errorId(control);
    const existing = form.querySelector<HTMLElement>(`[data-field-error="${CSS.escape(id)}"]`);
    if (existing) {
      existing.append(h('span', {}, error.message));
      continue;
    }
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute(
      'aria-describedby',
      [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '),
    );
    const message = h(
      'p',
      { class: 'field-error', id, 'data-field-error': id },
      h('span', {}, error.message),
    );
    (control.closest('.field') ?? control).append(message);
    first ??= control;
  }
  first?.focus();
  return unplaced;
}

/** Fills an alert element (`.alert` with `hidden`) with a title, message and request id. */
export function showAlert(
  alert: HTMLElement,
  content: { title: string; message?: string; requestId?: string | null },
  tone: 'down' | 'warn' | 'ok' = 'down',
): void {
  alert.dataset.tone = tone;
  alert.replaceChildren(h('strong', {}, content.title));
  if (content.message) alert.append(h('span', {}, content.message));
  if (content.requestId) {
    alert.append(
      h('span', { class: 'alert-reference' }, 'Reference for support: ', h('code', {}, content.requestId)),
    );
  }
  alert.hidden = false;
}

export function hideAlert(alert: HTMLElement): void {
  alert.hidden = true;
  alert.replaceChildren();
}

/**
 * Shows an API problem: field errors beside their inputs (when a form is given) and the rest in
 * the alert, titled `title` unless the problem is only about fields the user can see.
 */
export function showProblem(
  alert: HTMLElement,
  result: ApiProblem,
  options: { form?: HTMLFormElement; title?: string } = {},
): void {
  const unplaced = options.form ? showFieldErrors(options.form, result.fieldErrors) : result.fieldErrors;
  if (options.form && result.fieldErrors.length > 0 && unplaced.length === 0) {
    showAlert(alert, { title: 'Please correct the highlighted fields.' });
    return;
  }
  const extra = unplaced.map((error) => error.message).join(' ');
  showAlert(alert, {
    title: options.title ?? describeProblem(result),
    message: options.title ? [describeProblem(result), extra].filter(Boolean).join(' ') : extra || undefined,
    requestId: result.requestId,
  });
}

/** Disables the submit button and swaps its label (and icon) while `work` runs. */
export async function whileBusy<T>(button: HTMLButtonElement, busyLabel: string, work: () => Promise<T>) {
  const label = [...button.childNodes];
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyLabel;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.replaceChildren(...label);
  }
}

/** A text field's trimmed value, or undefined when empty (so optional fields are left out). */
export function optionalText(form: HTMLFormElement, name: string): string | undefined {
  const value = String(new FormData(form).get(name) ?? '').trim();
  return value === '' ? undefined : value;
}

export function text(form: HTMLFormElement, name: string): string {
  return String(new FormData(form).get(name) ?? '').trim();
}

/** A comma-separated field's items, trimmed, without empty ones ("a, b,, c" → a, b, c). */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
