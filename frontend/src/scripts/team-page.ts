/** The team page: list with filters and pages, and the invite / edit / deactivate dialogs. */
import type { ApiProblem } from '../lib/api.ts';
import { initials } from '../lib/brand.ts';
import { formDialog } from '../lib/dialogs.ts';
import { find, h } from '../lib/dom.ts';
import type { CurrentUser } from '../lib/endpoints/auth.ts';
import { listActiveClients } from '../lib/endpoints/clients.ts';
import {
  type AgencyRole,
  deactivateMember,
  inviteMember,
  isInvitationPending,
  listTeam,
  type MemberChanges,
  type TeamMember,
  type TeamQuery,
  updateMember,
} from '../lib/endpoints/team.ts';
import { roleLabel, timeElement } from '../lib/format.ts';
import { hideAlert, optionalText, showAlert, showProblem, text, whileBusy } from '../lib/forms.ts';
import {
  onRowAction,
  readFilters,
  rowActionButton,
  showListPage,
  showLoadingRows,
  showLoadProblem,
  wireFilters,
  writeFilters,
} from '../lib/lists.ts';
import { notify } from '../lib/notify.ts';
import { can } from '../lib/session.ts';
import { pageUser } from './app-shell.ts';

const COLUMNS = 5;
const PER_PAGE = 20;

const filtersForm = find<HTMLFormElement>('form[data-filters]');
const rowsBody = find<HTMLTableSectionElement>('tbody[data-rows]');
const paginationNav = find('[data-pagination]');
const members = new Map<string, TeamMember>();
/** The agency's active clients by id: names for client users, choices for inviting one. */
const clients = new Map<string, string>();

let clientsLoaded: Promise<void> = Promise.resolve();

async function loadClients(user: CurrentUser): Promise<void> {
  if (!can(user, 'clients:list')) return;
  const result = await listActiveClients();
  if (result.ok) for (const client of result.data) clients.set(client.id, client.company_name);
}

const initial = readFilters(['search', 'role', 'is_active', 'page'] as const);
let page = Number(initial.page) || 1;
for (const name of ['search', 'role', 'is_active'] as const) {
  const control = filtersForm.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  control.value = initial[name];
}

function query(): TeamQuery {
  return {
    page,
    per_page: PER_PAGE,
    search: text(filtersForm, 'search'),
    role: text(filtersForm, 'role') as TeamQuery['role'],
    is_active: text(filtersForm, 'is_active') as TeamQuery['is_active'],
    sort: 'display_name',
    order: 'asc',
  };
}

/** Under the role: the client a client user belongs to, or a staff member's job title. */
function roleDetail(member: TeamMember): string | null {
  if (member.role === 'client')
    return (member.client_id && clients.get(member.client_id)) || member.job_title;
  return member.job_title;
}

function statusBadge(member: TeamMember): HTMLElement {
  if (!member.is_active) return h('span', { class: 'badge', 'data-tone': 'unknown' }, 'Deactivated');
  if (isInvitationPending(member))
    return h('span', { class: 'badge', 'data-tone': 'warn' }, 'Invitation pending');
  return h('span', { class: 'badge', 'data-tone': 'ok' }, 'Active');
}

function row(member: TeamMember, user: CurrentUser): HTMLTableRowElement {
  const self = member.id === user.id;
  const actions = h('td', { class: 'actions-cell' });
  if (member.is_active && can(user, 'team:update'))
    actions.append(rowActionButton('Edit', 'edit', member.display_name, { 'data-member-id': member.id }));
  if (member.is_active && !self && can(user, 'team:delete')) {
    actions.append(
      rowActionButton('Deactivate', 'deactivate', member.display_name, { 'data-member-id': member.id }),
    );
  }
  return h(
    'tr',
    { 'data-member': member.email, 'data-inactive': !member.is_active },
    h(
      'td',
      {},
      h(
        'div',
        { class: 'entity' },
        h('span', { class: 'entity-avatar', 'aria-hidden': 'true' }, initials(member.display_name)),
        h(
          'span',
          { class: 'entity-text' },
          h(
            'span',
            { class: 'entity-name' },
            member.display_name,
            self ? h('span', { class: 'you' }, '(you)') : null,
          ),
          member.display_name !== member.email ? h('span', { class: 'entity-sub' }, member.email) : null,
        ),
      ),
    ),
    h(
      'td',
      {},
      h(
        'span',
        { class: member.role === 'agency_admin' ? 'chip chip--strong' : 'chip' },
        roleLabel(member.role),
      ),
      roleDetail(member) ? h('div', { class: 'entity-sub' }, roleDetail(member)) : null,
    ),
    h('td', {}, statusBadge(member)),
    h('td', {}, timeElement(member.last_login_at)),
    actions,
  );
}

let loadCount = 0;

async function load(user: CurrentUser): Promise<void> {
  const current = ++loadCount;
  const filters = query();
  writeFilters({ search: filters.search, role: filters.role, is_active: filters.is_active, page });
  showLoadingRows(rowsBody, COLUMNS);
  const [result] = await Promise.all([listTeam(filters), clientsLoaded]);
  // A slower answer to an older filter must not overwrite a newer one.
  if (current !== loadCount) return;
  if (!result.ok) {
    showLoadProblem(rowsBody, COLUMNS, 'The team', result);
    paginationNav.replaceChildren();
    return;
  }
  members.clear();
  for (const member of result.data) members.set(member.id, member);
  const filtered = filters.search || filters.role || filters.is_active;
  showListPage(
    rowsBody,
    COLUMNS,
    paginationNav,
    {
      rows: result.data.map((member) => row(member, user)),
      empty: filtered ? 'No one matches these filters.' : 'No team members yet.',
      pagination: result.pagination,
      nouns: ['member', 'members'],
    },
    (target) => {
      page = target;
      void load(user);
    },
  );
}

/** Errors that are about the team's rules rather than the form get a plain title. */
function showTeamProblem(alert: HTMLElement, result: ApiProblem, form: HTMLFormElement, title: string): void {
  if (result.code === 'RES_003') {
    // A rule of the team, not a fault: no support reference needed.
    showAlert(alert, { title, message: result.message });
    return;
  }
  showProblem(alert, result, { form });
}

function wireInvite(user: CurrentUser): void {
  const open = find<HTMLButtonElement>('[data-invite-open]');
  const { element: invite, form, alert, submit, clear } = formDialog('invite-dialog', 'invite');
  const clientField = find('[data-client-field]', form);
  const clientChoices = find<HTMLSelectElement>('[data-client-choices]', form);
  if (clients.size > 0) {
    clientChoices.append(...[...clients].map(([id, name]) => h('option', { value: id }, name)));
  } else {
    clientChoices.append(h('option', { value: '' }, 'No active clients yet'));
    clientChoices.disabled = true;
    find('[data-client-hint]', form).textContent = 'Add a client first; client users belong to one.';
  }
  const showClientField = () => {
    clientField.hidden = text(form, 'role') !== 'client';
  };
  form.addEventListener('change', showClientField);
  open.addEventListener('click', () => {
    form.reset();
    showClientField();
    clear();
    invite.showModal();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    const role = text(form, 'role') as AgencyRole;
    const result = await whileBusy(submit, 'Sending…', () =>
      inviteMember({
        email: text(form, 'email'),
        first_name: optionalText(form, 'first_name'),
        last_name: optionalText(form, 'last_name'),
        job_title: optionalText(form, 'job_title'),
        role,
        client_id: role === 'client' ? optionalText(form, 'client_id') : undefined,
      }),
    );
    if (!result.ok) {
      showProblem(alert, result, { form });
      return;
    }
    invite.close();
    notify(
      result.data.invitation_sent
        ? `Invitation sent to ${result.data.email}.`
        : `${result.data.email} was added, but the invitation email could not be sent.`,
    );
    void load(user);
  });
}

function wireEdit(user: CurrentUser): void {
  const { element: edit, form, alert, submit, clear } = formDialog('edit-dialog', 'edit');
  const roles = find<HTMLFieldSetElement>('[data-edit-roles]', form);
  let member: TeamMember | undefined;

  onRowAction(rowsBody, 'edit', (button) => {
    member = members.get(button.dataset.memberId ?? '');
    if (!member) return;
    form.reset();
    clear();
    find('[data-dialog-title]', edit).textContent = `Edit ${member.display_name}`;
    (form.elements.namedItem('first_name') as HTMLInputElement).value = member.first_name ?? '';
    (form.elements.namedItem('last_name') as HTMLInputElement).value = member.last_name ?? '';
    (form.elements.namedItem('job_title') as HTMLInputElement).value = member.job_title ?? '';
    const isClient = member.role === 'client';
    roles.hidden = isClient;
    find('[data-client-role-note]', form).hidden = !isClient;
    if (!isClient) (form.elements.namedItem('role') as RadioNodeList).value = member.role;
    edit.showModal();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!member) return;
    clear();
    // Only what changed is sent: an untouched role must not trip the last-admin rule.
    const changes: MemberChanges = {};
    const textChange = (name: 'first_name' | 'last_name' | 'job_title') => {
      const value = optionalText(form, name) ?? null;
      if (value !== (member?.[name] ?? null)) changes[name] = value;
    };
    textChange('first_name');
    textChange('last_name');
    textChange('job_title');
    const role = text(form, 'role');
    if (member.role !== 'client' && role !== member.role) changes.role = role as MemberChanges['role'];
    if (Object.keys(changes).length === 0) {
      edit.close();
      return;
    }
    const target = member;
    const result = await whileBusy(submit, 'Saving…', () => updateMember(target.id, changes));
    if (!result.ok) {
      showTeamProblem(alert, result, form, 'This change can’t be made.');
      return;
    }
    edit.close();
    notify(`${result.data.display_name} was updated.`);
    if (target.id === user.id && changes.role) {
      // The user's own permissions changed; the page must follow them.
      window.location.reload();
      return;
    }
    void load(user);
  });
}

function wireDeactivate(user: CurrentUser): void {
  const { element: confirm, form, alert, submit, ask } = formDialog('deactivate-dialog', 'deactivate');
  let member: TeamMember | undefined;

  onRowAction(rowsBody, 'deactivate', (button) => {
    member = members.get(button.dataset.memberId ?? '');
    if (!member) return;
    ask(
      `Deactivate ${member.display_name}?`,
      `${member.email} will be signed out everywhere and can no longer sign in. Their documents and history stay.`,
    );
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!member) return;
    hideAlert(alert);
    const target = member;
    const result = await whileBusy(submit, 'Deactivating…', () =>
      deactivateMember(target.id, optionalText(form, 'reason')),
    );
    if (!result.ok) {
      showTeamProblem(alert, result, form, `${target.display_name} can’t be deactivated.`);
      return;
    }
    confirm.close();
    notify(`${target.display_name} was deactivated.`);
    void load(user);
  });
}

const user = await pageUser();
// Rows wait for the client names; the first list request does not wait for them.
clientsLoaded = loadClients(user);
void load(user);
await clientsLoaded;
if (can(user, 'team:create')) wireInvite(user);
if (can(user, 'team:update')) wireEdit(user);
if (can(user, 'team:delete')) wireDeactivate(user);

wireFilters(filtersForm, () => {
  page = 1;
  void load(user);
}, ['team-search']);
