/** Settings → API keys: list, create (key shown once, with copy), revoke. */
import { formDialog } from '../lib/dialogs.ts';
import { find, h } from '../lib/dom.ts';
import {
  type ApiKey,
  type CreatedApiKey,
  createApiKey,
  keyState,
  listApiKeys,
  type NewApiKey,
  revokeApiKey,
} from '../lib/endpoints/api-keys.ts';
import type { CurrentUser } from '../lib/endpoints/auth.ts';
import { formatDate, formatNumber, humanize, timeElement } from '../lib/format.ts';
import { hideAlert, optionalText, showFieldErrors, showProblem, text, whileBusy } from '../lib/forms.ts';
import {
  onRowAction,
  rowActionButton,
  showLoadingRows,
  showLoadProblem,
  showMessageRow,
  showRows,
} from '../lib/lists.ts';
import { notify } from '../lib/notify.ts';
import { secretDialog } from '../lib/secret-dialog.ts';
import { pageUser } from './app-shell.ts';

const COLUMNS = 7;
/** Scopes shown as chips before the rest are summarised as "+N more". */
const SCOPES_SHOWN = 3;

const rowsBody = find<HTMLTableSectionElement>('tbody[data-rows]');
const keys = new Map<string, ApiKey>();

/**
 * A key may carry any of the agency admin's permissions (PRD §4.2.10); the admin creating it holds
 * exactly those, plus `self`, which belongs to a person and not to a key.
 */
function grantableScopes(user: CurrentUser): string[] {
  return user.permissions.filter((permission) => permission !== 'self' && !permission.startsWith('admin:'));
}

const GROUP_LABELS: Record<string, string> = { agency: 'Agency', api_keys: 'API keys' };
const ACTION_LABELS: Record<string, string> = {
  'branding:update': 'Update branding',
  'api_keys:manage': 'Manage API keys',
  'settings:update': 'Update settings',
};

const groupOf = (scope: string) => scope.split(':')[0] ?? scope;
const actionOf = (scope: string) => scope.slice(groupOf(scope).length + 1);
const actionLabel = (scope: string) => ACTION_LABELS[actionOf(scope)] ?? humanize(actionOf(scope));

function renderScopeChoices(container: HTMLElement, scopes: readonly string[]): void {
  const groups = new Map<string, string[]>();
  for (const scope of scopes) groups.set(groupOf(scope), [...(groups.get(groupOf(scope)) ?? []), scope]);
  container.replaceChildren(
    ...[...groups].map(([group, members]) =>
      h(
        'fieldset',
        { class: 'scope-group' },
        h('legend', {}, GROUP_LABELS[group] ?? humanize(group)),
        ...members.map((scope) =>
          h(
            'label',
            { class: 'check', title: scope },
            h('input', { type: 'checkbox', name: 'scope', value: scope }),
            actionLabel(scope),
          ),
        ),
      ),
    ),
  );
}

function scopeChips(scopes: readonly string[]): HTMLElement {
  const chips = h('div', { class: 'chips' });
  for (const scope of scopes.slice(0, SCOPES_SHOWN)) chips.append(h('code', { class: 'chip' }, scope));
  if (scopes.length > SCOPES_SHOWN) {
    chips.append(
      h(
        'span',
        { class: 'chip', title: scopes.slice(SCOPES_SHOWN).join(', ') },
        `+${scopes.length - SCOPES_SHOWN} more`,
      ),
    );
  }
  return chips;
}

/** Where and how often the key may be used: "Only from 10.0.0.0/8 · 60/min, 10,000/day". */
function restrictions(key: ApiKey): string {
  const from = key.allowed_ips?.length ? `Only from ${key.allowed_ips.join(', ')}` : 'Any address';
  return `${from} · ${formatNumber(key.rate_limit_per_minute)}/min, ${formatNumber(key.rate_limit_per_day)}/day`;
}

const STATE_BADGES = {
  active: ['ok', 'Active'],
  expired: ['warn', 'Expired'],
  revoked: ['unknown', 'Revoked'],
} as const;

function row(key: ApiKey): HTMLTableRowElement {
  const state = keyState(key);
  const [tone, label] = STATE_BADGES[state];
  const created = [key.created_by?.name ? `By ${key.created_by.name}` : null, formatDate(key.created_at)]
    .filter(Boolean)
    .join(' · ');
  const actions = h('td', { class: 'actions-cell' });
  if (state !== 'revoked') {
    actions.append(rowActionButton('Revoke', 'revoke', key.name, { 'data-key-id': key.id }));
  }
  const lastUsed = h('td', {}, timeElement(key.last_used_at));
  if (key.total_requests > 0) {
    const from = key.last_used_ip ? ` · last from ${key.last_used_ip}` : '';
    lastUsed.append(h('div', { class: 'entity-sub' }, `${formatNumber(key.total_requests)} requests${from}`));
  }
  return h(
    'tr',
    { 'data-key': key.name, 'data-inactive': state !== 'active' },
    h(
      'td',
      {},
      h(
        'div',
        { class: 'entity-text' },
        h('span', { class: 'entity-name' }, key.name),
        h('span', { class: 'entity-sub' }, created),
        h('span', { class: 'entity-sub' }, restrictions(key)),
      ),
    ),
    h('td', {}, h('code', { class: 'key-prefix' }, `${key.key_prefix}…`)),
    h('td', {}, scopeChips(key.scopes)),
    lastUsed,
    h('td', {}, key.expires_at ? formatDate(key.expires_at) : h('span', { class: 'muted' }, 'Never')),
    h('td', {}, h('span', { class: 'badge', 'data-tone': tone }, label)),
    actions,
  );
}

async function load(): Promise<void> {
  showLoadingRows(rowsBody, COLUMNS);
  const result = await listApiKeys();
  if (!result.ok) {
    showLoadProblem(rowsBody, COLUMNS, 'The API keys', result);
    return;
  }
  keys.clear();
  for (const key of result.data) keys.set(key.id, key);
  if (result.data.length === 0) {
    showMessageRow(rowsBody, COLUMNS, 'No API keys yet. Create one to connect your own systems.');
    return;
  }
  showRows(rowsBody, result.data.map(row));
}

/** A positive whole number typed into `name`, or undefined to keep the API's default. */
function limit(form: HTMLFormElement, name: string): number | undefined {
  const value = text(form, name);
  return value === '' ? undefined : Number(value);
}

/** The end of the chosen day in the user's time zone, as the API's ISO timestamp. */
function endOfDay(date: string): string | undefined {
  if (!date) return undefined;
  const end = new Date(`${date}T23:59:59.999`);
  return Number.isNaN(end.getTime()) ? undefined : end.toISOString();
}

function newKey(form: HTMLFormElement): NewApiKey {
  const ips = text(form, 'allowed_ips')
    .split(/[\s,]+/)
    .filter(Boolean);
  return {
    name: text(form, 'name'),
    description: optionalText(form, 'description'),
    scopes: new FormData(form).getAll('scope').map(String),
    expires_at: endOfDay(text(form, 'expires_at')),
    allowed_ips: ips.length > 0 ? ips : undefined,
    rate_limit_per_minute: limit(form, 'rate_limit_per_minute'),
    rate_limit_per_day: limit(form, 'rate_limit_per_day'),
  };
}

/** A read the new key is allowed to make, for the example request. */
const EXAMPLE_PATHS: readonly (readonly [string, string])[] = [
  ['clients:list', '/api/v1/clients'],
  ['templates:list', '/api/v1/templates'],
  ['team:list', '/api/v1/agency/team'],
];

// Once closed, the key leaves the page for good (the example request too): it is never shown again.
const createdKey = secretDialog('created-key-dialog', () => {
  find('[data-created-example]', createdKey.element).textContent = '';
});

function showCreatedKey(created: CreatedApiKey): void {
  const shown = createdKey.element;
  find('[data-created-name]', shown).textContent = created.name;
  find('[data-created-warning]', shown).textContent = created.warning;
  const path = EXAMPLE_PATHS.find(([scope]) => created.scopes.includes(scope))?.[1] ?? '/api/v1/templates';
  find('[data-created-example]', shown).textContent =
    `curl ${window.location.origin}${path} \\\n  -H "X-API-Key: ${created.key}"`;
  createdKey.show(created.key);
}

function wireCreate(user: CurrentUser): void {
  const { element: create, form, alert, submit, clear } = formDialog('create-key-dialog', 'create');
  const all = find<HTMLInputElement>('[data-all-scopes]', form);
  const expires = find<HTMLInputElement>('#key-expires', form);
  renderScopeChoices(find('[data-scope-groups]', form), grantableScopes(user));

  const scopeBoxes = () => [...form.querySelectorAll<HTMLInputElement>('input[name="scope"]')];
  all.addEventListener('change', () => {
    for (const box of scopeBoxes()) box.checked = all.checked;
  });
  find('[data-scope-groups]', form).addEventListener('change', () => {
    const checked = scopeBoxes().filter((box) => box.checked).length;
    all.checked = checked === scopeBoxes().length;
    all.indeterminate = checked > 0 && !all.checked;
  });

  find('[data-create-open]').addEventListener('click', () => {
    form.reset();
    all.indeterminate = false;
    clear();
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    expires.min = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    create.showModal();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    const body = newKey(form);
    if (body.scopes.length === 0) {
      showFieldErrors(form, [{ field: 'scopes', message: 'Choose at least one scope.' }]);
      return;
    }
    const result = await whileBusy(submit, 'Creating…', () => createApiKey(body));
    if (!result.ok) {
      showProblem(alert, result, { form });
      return;
    }
    create.close();
    showCreatedKey(result.data);
    void load();
  });
}

function wireRevoke(): void {
  const { element: confirm, form, alert, submit, ask } = formDialog('revoke-key-dialog', 'revoke');
  let key: ApiKey | undefined;

  onRowAction(rowsBody, 'revoke', (button) => {
    key = keys.get(button.dataset.keyId ?? '');
    if (!key) return;
    ask(
      `Revoke “${key.name}”?`,
      `Requests with the key starting ${key.key_prefix} will be refused from now on. This can’t be undone; integrations using it need a new key.`,
    );
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!key) return;
    hideAlert(alert);
    const target = key;
    const result = await whileBusy(submit, 'Revoking…', () => revokeApiKey(target.id));
    if (!result.ok) {
      showProblem(alert, result);
      return;
    }
    confirm.close();
    notify(`“${target.name}” was revoked.`);
    void load();
  });
}

const user = await pageUser();
wireCreate(user);
wireRevoke();
void load();
