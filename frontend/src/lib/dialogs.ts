/**
 * Opening and closing the page's `<dialog>`s (`components/Dialog.astro`). Every button marked
 * `data-dialog-close` closes its dialog, and so does a click on the backdrop.
 */
import { find } from './dom.ts';

export function dialog(id: string): HTMLDialogElement {
  return find<HTMLDialogElement>(`dialog#${id}`);
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
