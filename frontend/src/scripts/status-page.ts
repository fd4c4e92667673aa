/**
 * Fills the status page from `GET /api/v1/health`. Elements are found by their `data-health-*`
 * attributes in pages/status.astro; text is set with textContent only, never parsed as HTML.
 */
import {
  fetchHealth,
  type HealthComponent,
  type HealthResult,
  statusLabel,
  type Tone,
} from '../lib/health.ts';

function find<T extends HTMLElement = HTMLElement>(attribute: string): T {
  const element = document.querySelector<T>(`[${attribute}]`);
  if (!element) throw new Error(`status page markup lacks [${attribute}]`);
  return element;
}

const root = find('data-health');
const refresh = find<HTMLButtonElement>('data-health-refresh');
const indicator = find('data-health-indicator');
const headline = find('data-health-headline');
const subline = find('data-health-subline');
const errorBox = find('data-health-error');
const requestId = find('data-health-request-id');
const time = find('data-health-time');
const elapsed = find('data-health-elapsed');
const meta = find('data-health-meta');
const count = find('data-health-count');
const list = find('data-health-components');

const HEADLINES: Record<Exclude<Tone, 'unknown'>, string> = {
  ok: 'All systems operational',
  warn: 'Some systems are degraded',
  down: 'Service disruption',
};

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function setBadge(target: HTMLElement, tone: Tone, text: string, raw: string): void {
  target.dataset.tone = tone;
  target.dataset.status = raw;
  target.textContent = text;
}

function showTime(timestamp: string | undefined): void {
  time.replaceChildren();
  if (!timestamp) {
    time.textContent = '—';
    return;
  }
  const date = new Date(timestamp);
  const node = element('time', '', Number.isNaN(date.getTime()) ? timestamp : timeFormat.format(date));
  node.dateTime = timestamp;
  time.append(node);
}

/** Other fields of the report (version, region, …) join the request id and time. */
function showDetails(rows: ReadonlyArray<readonly [string, string]>): void {
  for (const old of meta.querySelectorAll('[data-health-detail]')) old.remove();
  for (const [label, value] of rows) {
    const row = element('div', '');
    row.dataset.healthDetail = '';
    row.append(element('dt', '', label), element('dd', '', value));
    meta.append(row);
  }
}

function showVerdict(tone: Tone, raw: string, text: string, sub?: string): void {
  indicator.dataset.tone = tone;
  indicator.dataset.status = raw;
  headline.textContent = text;
  subline.textContent = sub ?? '';
  subline.hidden = sub === undefined;
}

function componentRow(check: HealthComponent): HTMLLIElement {
  const row = element('li', 'health-component');
  row.dataset.component = check.key;
  const text = element('div', '');
  text.append(element('div', 'health-component-name', check.label));
  if (check.details.length > 0) {
    const extra = element('div', 'health-component-details');
    extra.append(
      ...check.details.map(([label, value]) => element('span', '', label ? `${label} ${value}` : value)),
    );
    text.append(extra);
  }
  const state = element('span', 'badge');
  setBadge(state, check.tone, statusLabel(check.tone, check.status), check.status);
  row.append(text, state);
  return row;
}

function showError(title: string, message: string): void {
  find('data-health-error-title').textContent = title;
  find('data-health-error-message').textContent = message;
  errorBox.hidden = false;
}

function render(result: HealthResult): void {
  root.dataset.state = result.kind;
  errorBox.hidden = true;
  elapsed.textContent = `${result.elapsedMs} ms`;

  if (result.kind === 'unreachable') {
    showVerdict('down', 'unreachable', 'The API is unreachable');
    showError('No health report', `${result.message} Try again with Refresh.`);
    requestId.textContent = '—';
    showTime(new Date().toISOString());
    showDetails([]);
    return;
  }

  requestId.textContent = result.requestId ?? '—';
  showTime(result.timestamp);

  if (result.kind === 'api-error') {
    showVerdict('down', result.code, 'The health check failed');
    showError(`${result.code} (HTTP ${result.httpStatus})`, result.message);
    showDetails([]);
    return;
  }

  const text =
    result.tone === 'unknown' ? `Status: ${statusLabel('unknown', result.status)}` : HEADLINES[result.tone];
  showVerdict(
    result.tone,
    result.status,
    text,
    `The API reports “${result.status}” (HTTP ${result.httpStatus}).`,
  );
  showDetails(result.details);
  count.textContent = `${result.components.length} reported`;
  list.replaceChildren(...result.components.map(componentRow));
  if (result.components.length === 0) {
    list.append(element('li', 'health-empty', 'The API reported no individual components.'));
  }
}

async function check(): Promise<void> {
  root.setAttribute('aria-busy', 'true');
  refresh.disabled = true;
  try {
    render(await fetchHealth());
  } finally {
    root.setAttribute('aria-busy', 'false');
    refresh.disabled = false;
  }
}

refresh.addEventListener('click', () => void check());
void check();
