/**
 * Opening and closing the page's `<dialog>`s (`components/Dialog.astro`). Every button marked
 * `data-dialog-close` closes its dialog, and so does a click on the backdrop.
 */
import { find } from './dom.ts';
import { clearFieldErrors, hideAlert } from './forms.ts';

export function dialog(id: string): HTMLDialogElement {
  return find<HTMLDialogElement>(`dialog#${id}`);
}

/** A `components/FormDialog.astro`: the dialog, its `data-{name}-form`, alert and submit button. */
export interface FormDialogParts {
  element: HTMLDialogElement;
  form: HTMLFormElement;
  alert: HTMLElement;
  submit: HTMLButtonElement;
  /** Hides the alert and the field errors (before opening, and before each submit). */
  clear: () => void;
  /** For `components/ConfirmDialog.astro`: empties the form, sets title and summary, opens it. */
  ask: (title: string, summary: string) => void;
}

export function formDialog(id: string, name: string): FormDialogParts {
  const element = dialog(id);
  const form = find<HTMLFormElement>(`form[data-${name}-form]`, element);
  const alert = find('[data-form-alert]', form);
  const submit = find<HTMLButtonElement>('button[type="submit"]', form);
  const clear = () => {
    hideAlert(alert);
    clearFieldErrors(form);
  };
  const ask = (title: string, summary: string) => {
    form.reset();
    hideAlert(alert);
    find('[data-dialog-title]', element).textContent = title;
    find(`[data-${name}-summary]`, form).textContent = summary;
    element.showModal();
  };
  return { element, form, alert, submit, clear, ask };
}

for (const element of document.querySelectorAll<HTMLDialogElement>('dialog.dialog')) {
  // A click whose target is the dialog itself landed on the backdrop, outside its content.
  element.addEventListener('click', (event) => {
    if (event.target === element) element.close();
  });
  for (const button of element.querySelectorAll('[data-dialog-close]')) {
    button.addEventListener('click', () => element.close());
  }
}
