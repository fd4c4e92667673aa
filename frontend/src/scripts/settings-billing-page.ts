/** Settings → Billing & usage, from `GET /api/v1/agency`. */
import { find, h } from '../lib/dom.ts';
import { getAgencySettings } from '../lib/endpoints/agency.ts';
import { formatCents, formatDate, formatNumber, subscriptionLabel } from '../lib/format.ts';
import { showAlert } from '../lib/forms.ts';
import { pageUser } from './app-shell.ts';

function meter(name: string, percent: number): void {
  const bar = find(`[data-meter="${name}"]`);
  bar.style.inlineSize = `${Math.min(100, Math.max(0, percent))}%`;
  if (percent >= 100) bar.dataset.full = '';
}

await pageUser();
const result = await getAgencySettings();
if (!result.ok) {
  showAlert(find('[data-load-alert]'), {
    title: 'Billing and usage could not be loaded.',
    message: result.message,
    requestId: result.requestId,
  });
} else {
  const { plan, subscription, usage } = result.data;
  find('[data-billing]').hidden = false;
  find('[data-stat="plan"]').textContent = plan.display_name ?? plan.name ?? '—';
  find('[data-stat-note="plan"]').textContent = [
    subscriptionLabel(subscription.status),
    subscription.current_period_end ? `renews ${formatDate(subscription.current_period_end)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  find('[data-stat="seats"]').textContent =
    `${formatNumber(usage.seats_used)} of ${formatNumber(plan.max_seats)}`;
  find('[data-stat-note="seats"]').textContent =
    usage.seats_available > 0
      ? `${formatNumber(usage.seats_available)} available`
      : 'No seats left: deactivate a client or upgrade to add more';
  meter('seats', plan.max_seats > 0 ? (usage.seats_used / plan.max_seats) * 100 : 100);
  const limit = usage.api_credits_limit_cents;
  find('[data-stat="credits"]').textContent = formatCents(usage.api_credits_used_cents);
  find('[data-stat-note="credits"]').textContent =
    limit === null
      ? 'No limit (your own provider keys)'
      : `of ${formatCents(limit)} (${usage.api_credits_percent_used ?? 0}% used)`;
  meter('credits', limit ? (usage.api_credits_used_cents / limit) * 100 : 0);
  const yes = (value: boolean) => (value ? 'Yes' : 'No');
  find('[data-plan-facts]').replaceChildren(
    h('dt', {}, 'Client seats'),
    h('dd', {}, formatNumber(plan.max_seats)),
    h('dt', {}, 'Templates'),
    h(
      'dd',
      {},
      plan.max_templates === null ? 'All, including premium' : `Up to ${plan.max_templates} assigned`,
    ),
    h('dt', {}, 'Custom domain'),
    h('dd', {}, yes(plan.custom_domain_allowed)),
    h('dt', {}, 'Client cover images'),
    h('dd', {}, yes(plan.client_image_upload_allowed)),
    h('dt', {}, 'AI provider keys'),
    h('dd', {}, plan.api_key_mode === 'byok' ? 'Your own (bring your own key)' : 'Provided by the platform'),
  );
}
