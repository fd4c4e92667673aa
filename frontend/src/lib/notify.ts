/** Short confirmations ("Invitation sent") in the layout's polite live region, gone after a while. */
import { h } from './dom.ts';

const TOAST_MS = 6000;
const CHECK_ICON =
  '<svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="m5 12.5 4.5 4.5L19 7.5"/></svg>';

export function notify(message: string): void {
  const region = document.querySelector('[data-toasts]');
  if (!region) return;
  const toast = h('div', { class: 'toast', 'data-toast': '' }, message);
  toast.insertAdjacentHTML('afterbegin', CHECK_ICON);
  region.append(toast);
  setTimeout(() => toast.remove(), TOAST_MS);
}
