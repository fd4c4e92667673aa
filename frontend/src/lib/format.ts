/** How values from the API read on screen: dates, roles, money, counts. */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const numberFormat = new Intl.NumberFormat();

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDate(iso: string | null | undefined, empty = '—'): string {
  const date = parse(iso);
  return date ? dateFormat.format(date) : empty;
}

export function formatDateTime(iso: string | null | undefined, empty = '—'): string {
  const date = parse(iso);
  return date ? dateTimeFormat.format(date) : empty;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago", "yesterday", "in 2 weeks"; under a minute is "just now". */
function formatRelative(iso: string | null | undefined, empty = 'Never'): string {
  const date = parse(iso);
  if (!date) return empty;
  const seconds = (date.getTime() - Date.now()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** A `<time>` with the relative wording and the exact time as its tooltip. */
export function timeElement(iso: string | null | undefined, empty = 'Never'): HTMLElement {
  const date = parse(iso);
  if (!date || !iso) {
    const span = document.createElement('span');
    span.className = 'muted';
    span.textContent = empty;
    return span;
  }
  const time = document.createElement('time');
  time.dateTime = iso;
  time.title = dateTimeFormat.format(date);
  time.textContent = formatRelative(iso, empty);
  return time;
}

const clockFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** The time of day with seconds ("10:30:05"), for activity logs. */
export function formatClock(date: Date): string {
  return clockFormat.format(date);
}

/** A run time: "850 ms", "4.2 s", "1 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes} min ${String(total % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const byteUnits = ['bytes', 'KB', 'MB', 'GB'];

/** A file size: "850 bytes", "1.2 MB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${byteUnits[unit]}`;
}

export const formatNumber = (value: number) => numberFormat.format(value);

export function formatCents(cents: number, currency = 'USD'): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
}

const ROLE_LABELS: Record<string, string> = {
  super_admin: 'Platform admin',
  agency_admin: 'Admin',
  agency_member: 'Member',
  client: 'Client user',
};

export const roleLabel = (role: string) => ROLE_LABELS[role] ?? humanize(role);

const SUBSCRIPTION_LABELS: Record<string, string> = {
  active: 'Active',
  trial: 'Trial',
  past_due: 'Past due',
  canceled: 'Canceled',
  suspended: 'Suspended',
};

export const subscriptionLabel = (status: string) => SUBSCRIPTION_LABELS[status] ?? humanize(status);

/** Badge tone of a subscription status: paying is ok, at risk is warn, ended is down. */
export function subscriptionTone(status: string): 'ok' | 'warn' | 'down' | 'unknown' {
  if (status === 'active') return 'ok';
  if (status === 'trial' || status === 'past_due') return 'warn';
  if (status === 'canceled' || status === 'suspended') return 'down';
  return 'unknown';
}

/** `api_key_create` → "Api key create"; for codes the API may add without a label here. */
export function humanize(code: string): string {
  const words = code.replace(/[_:.-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
