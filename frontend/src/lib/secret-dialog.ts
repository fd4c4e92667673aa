/**
 * A `components/SecretDialog.astro`: a secret the API returns only once, shown with a copy button
 * and taken off the page for good when the dialog closes.
 */
import { dialog } from './dialogs.ts';
import { find } from './dom.ts';

export interface SecretDialog {
  element: HTMLDialogElement;
  /** Puts `secret` in the field, opens the dialog and selects it (fill the rest of it first). */
  show: (secret: string) => void;
}

/** Wires the dialog `id` once per page; `onClose` wipes whatever else the page put in it. */
export function secretDialog(id: string, onClose?: () => void): SecretDialog {
  const element = dialog(id);
  const input = find<HTMLInputElement>('[data-secret]', element);
  const copyLabel = find('[data-copy-label]', element);
  find('[data-copy-secret]', element).addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      copyLabel.textContent = 'Copied';
    } catch {
      // No clipboard permission (or an insecure origin): leave the secret selected for Ctrl+C.
      input.select();
      copyLabel.textContent = 'Press Ctrl+C to copy';
    }
  });
  element.addEventListener('close', () => {
    input.value = '';
    onClose?.();
  });
  return {
    element,
    show(secret) {
      input.value = secret;
      copyLabel.textContent = 'Copy';
      element.showModal();
      input.select();
    },
  };
}
