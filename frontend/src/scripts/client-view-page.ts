/** One client: overview, documents, brand kit and status (deactivate / reactivate). */
import type { ApiResult } from '../lib/api.ts';
import { initials } from '../lib/brand.ts';
import {
  type Colours,
  showImage,
  showVerdict,
  type Verdict,
  wireBrandEditor,
  wireUpload,
} from '../lib/brand-editor.ts';
import { clientFormDialog, showClientProblem } from '../lib/client-form.ts';
import { formDialog } from '../lib/dialogs.ts';
import { wireDocumentList } from '../lib/document-list.ts';
import { generateHref } from '../lib/documents.ts';
import { find, h } from '../lib/dom.ts';
import { getAgencySettings } from '../lib/endpoints/agency.ts';
import {
  type ClientDetail,
  deactivateClient,
  getClient,
  getResolvedBranding,
  type ResolvedBranding,
  reactivateClient,
  updateClientBranding,
  uploadClientCover,
  uploadClientLogo,
} from '../lib/endpoints/clients.ts';
import { listClientDocuments } from '../lib/endpoints/documents.ts';
import { formatDate, formatNumber, humanize } from '../lib/format.ts';
import { optionalText, showAlert, showProblem, whileBusy } from '../lib/forms.ts';
import { notify } from '../lib/notify.ts';
import { can } from '../lib/session.ts';
import { pageUser } from './app-shell.ts';

const TABS = ['overview', 'documents', 'schedule', 'settings'] as const;
const view = find('[data-client-view]');
const loadAlert = find('[data-load-alert]');
const id = new URLSearchParams(window.location.search).get('id') ?? '';

function selectTab(name: string): void {
  const tab = (TABS as readonly string[]).includes(name) ? name : 'overview';
  for (const link of view.querySelectorAll<HTMLElement>('[data-tab]')) {
    const selected = link.dataset.tab === tab;
    link.setAttribute('aria-selected', String(selected));
    if (selected) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  for (const panel of view.querySelectorAll<HTMLElement>('[data-panel]')) {
    panel.hidden = panel.dataset.panel !== tab;
  }
}

function fact(label: string, value: Node | string | null | undefined): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, value || '—')];
}

function renderClient(client: ClientDetail): void {
  document.title = document.title.replace(/^[^|–-]*/, `${client.company_name} `);
  find('[data-client-name]').textContent = client.company_name;
  const sub = [client.industry, client.company_size ? `${client.company_size} employees` : null]
    .filter(Boolean)
    .join(' · ');
  find('[data-client-sub]').textContent = sub || client.company_slug;
  const avatar = find('[data-client-avatar]');
  const logo = client.branding.logo_round_url ?? client.branding.logo_horizontal_url;
  avatar.replaceChildren(logo ? h('img', { src: logo, alt: '' }) : initials(client.company_name));
  const status = find('[data-client-status]');
  status.dataset.tone = client.is_active ? 'ok' : 'unknown';
  status.textContent = client.is_active ? 'Active' : 'Deactivated';

  const stats = client.statistics;
  find('[data-stat="generated"]').textContent = formatNumber(stats.total_documents_generated);
  find('[data-stat-note="generated"]').textContent = stats.last_document_generated_at
    ? `last ${formatDate(stats.last_document_generated_at)}`
    : 'none yet';
  find('[data-stat="distributed"]').textContent = formatNumber(stats.total_documents_distributed);
  find('[data-stat-note="distributed"]').textContent = stats.last_document_distributed_at
    ? `last ${formatDate(stats.last_document_distributed_at)}`
    : 'none yet';
  const connected = Object.values(client.social_connections).filter((channel) => channel.connected).length;
  find('[data-stat="social"]').textContent =
    `${connected} of ${Object.keys(client.social_connections).length}`;

  const website = client.website_url
    ? h('a', { href: client.website_url, rel: 'noopener noreferrer', target: '_blank' }, client.website_url)
    : null;
  const email = client.contact_email
    ? h('a', { href: `mailto:${client.contact_email}` }, client.contact_email)
    : null;
  find('[data-profile]').replaceChildren(
    ...fact('Contact', [client.contact_name, client.contact_title].filter(Boolean).join(', ')),
    ...fact('Email', email),
    ...fact('Phone', client.contact_phone),
    ...fact('Website', website),
    ...fact('Industry', client.industry),
    ...fact('Description', client.company_description),
    ...fact('Added', formatDate(client.created_at)),
  );
  const defaults = client.content_defaults;
  find('[data-content-defaults]').replaceChildren(
    ...fact('Tone', humanize(defaults.default_tone)),
    ...fact('Related services', defaults.related_services.join(', ')),
    ...fact('Target keywords', defaults.target_keywords.join(', ')),
    ...fact('Brand voice', defaults.brand_voice_notes),
    ...fact('Additional context', defaults.additional_context),
  );
}

const verdictOf = (resolved: ResolvedBranding): Verdict => ({
  passes: resolved.contrast.passes_aa,
  warnings: resolved.contrast.warnings,
  source: 'api',
});

async function apiVerdict(): Promise<Verdict | null> {
  const resolved = await getResolvedBranding(id);
  return resolved.ok ? verdictOf(resolved.data) : null;
}

function withVerdict<T>(result: ApiResult<T>, verdict: Verdict | null) {
  return Object.assign(result, { verdict });
}

async function wireBranding(client: ClientDetail, resolved: ResolvedBranding | null, canEdit: boolean) {
  const root = find('[data-brand-editor]');
  const colours: Colours = {
    color_accent_1: resolved?.color_accent_1 ?? client.branding.color_accent_1 ?? '#1f2937',
    color_accent_2: resolved?.color_accent_2 ?? client.branding.color_accent_2 ?? '#4b5563',
    color_accent_3: resolved?.color_accent_3 ?? client.branding.color_accent_3 ?? '#2563eb',
  };
  const own = (['color_accent_1', 'color_accent_2', 'color_accent_3'] as const).filter(
    (name) => client.branding[name] !== null,
  ).length;
  wireBrandEditor(root, {
    colours,
    footer: client.branding.footer_text,
    logos: {
      horizontal: client.branding.logo_horizontal_url,
      vertical: client.branding.logo_vertical_url,
      round: client.branding.logo_round_url,
    },
    canEdit,
    sourceNote:
      own === 0
        ? 'Using the agency’s colours. Save to give this client its own.'
        : `This client has ${own} colour${own === 1 ? '' : 's'} of its own; the rest come from the agency.`,
    save: async (changes) => {
      const result = await updateClientBranding(id, changes);
      if (result.ok) {
        find('[data-brand-source]', root).textContent =
          'This client has colours of its own; “Use the agency’s colours” removes them.';
      }
      return withVerdict(result, result.ok ? await apiVerdict() : null);
    },
    reset: async () =>
      withVerdict(
        await updateClientBranding(id, { color_accent_1: null, color_accent_2: null, color_accent_3: null }),
        null,
      ),
    upload: (type, file) => uploadClientLogo(id, type, file),
  });
  if (resolved) showVerdict(root, verdictOf(resolved));

  const cover = root.querySelector<HTMLElement>('[data-cover-slot]');
  if (!cover) return;
  const input = find<HTMLInputElement>('[data-cover-input]', cover);
  if (resolved?.cover_image) showImage(cover, resolved.cover_image.url, 'Cover image');
  input.disabled = !canEdit;
  // Whether the plan allows a cover is in the agency settings (admins); others learn it on upload.
  if (can(pageUser_, 'agency:read')) {
    const agency = await getAgencySettings();
    if (agency.ok && !agency.data.plan.client_image_upload_allowed) {
      input.disabled = true;
      showAlert(
        find('[data-cover-note]', root),
        {
          title: 'Cover images need an Enterprise plan.',
          message: `Your ${agency.data.plan.display_name ?? 'current'} plan uses generated covers for every client (BIZ_005). Upgrade to Enterprise to upload a client’s own.`,
        },
        'warn',
      );
    }
  }
  wireUpload(cover, input, 'Cover image', (file) => uploadClientCover(id, file));
}

function wireStatus(client: ClientDetail): void {
  const card = find('[data-status-card]');
  const deactivateButton = find<HTMLButtonElement>('[data-client-deactivate]');
  const reactivateButton = find<HTMLButtonElement>('[data-client-reactivate]');
  const mayDeactivate = can(pageUser_, 'clients:delete');
  const mayReactivate = can(pageUser_, 'clients:create');
  card.hidden = !(mayDeactivate || mayReactivate);
  find('[data-status-text]').textContent = client.is_active
    ? 'Active clients take one seat of your plan.'
    : 'Deactivated: no documents can be generated. Reactivating takes a seat of your plan again.';
  deactivateButton.hidden = !client.is_active || !mayDeactivate;
  reactivateButton.hidden = client.is_active || !mayReactivate;

  const deactivate = formDialog('deactivate-dialog', 'deactivate');
  deactivateButton.addEventListener('click', () => {
    deactivate.ask(
      `Deactivate ${client.company_name}?`,
      'Its seat is freed. Documents and history stay, and you can reactivate it later if a seat is free.',
    );
  });
  deactivate.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await whileBusy(deactivate.submit, 'Deactivating…', () =>
      deactivateClient(id, optionalText(deactivate.form, 'reason')),
    );
    if (!result.ok) {
      showProblem(deactivate.alert, result);
      return;
    }
    deactivate.element.close();
    notify(`${client.company_name} was deactivated.`);
    await reload();
  });

  const reactivate = formDialog('reactivate-dialog', 'reactivate');
  reactivateButton.addEventListener('click', () => {
    reactivate.ask(
      `Reactivate ${client.company_name}?`,
      'It takes one seat of your plan again, and documents can be generated for it.',
    );
  });
  reactivate.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = await whileBusy(reactivate.submit, 'Reactivating…', () => reactivateClient(id));
    if (!result.ok) {
      showClientProblem(reactivate.alert, result);
      return;
    }
    reactivate.element.close();
    notify(`${client.company_name} was reactivated.`);
    await reload();
  });
}

let current: ClientDetail | null = null;

async function reload(): Promise<void> {
  const result = await getClient(id);
  if (result.ok) {
    current = result.data;
    renderClient(result.data);
    wireStatusState(result.data);
  }
}

/** After a status change only the texts and buttons change; the listeners stay. */
function wireStatusState(client: ClientDetail): void {
  find('[data-status-text]').textContent = client.is_active
    ? 'Active clients take one seat of your plan.'
    : 'Deactivated: no documents can be generated. Reactivating takes a seat of your plan again.';
  find('[data-client-deactivate]').hidden = !client.is_active || !can(pageUser_, 'clients:delete');
  find('[data-client-reactivate]').hidden = client.is_active || !can(pageUser_, 'clients:create');
}

const pageUser_ = await pageUser();
const [result, resolved] = await Promise.all([getClient(id), getResolvedBranding(id)]);
if (!result.ok) {
  showAlert(loadAlert, {
    title: result.status === 404 ? 'This client does not exist.' : 'The client could not be loaded.',
    message:
      result.status === 404 ? 'It may belong to another agency, or the link is wrong.' : result.message,
    requestId: result.requestId,
  });
} else {
  current = result.data;
  if (!can(pageUser_, 'clients:list')) find('[data-back-link]').hidden = true;
  renderClient(current);
  view.hidden = false;
  selectTab(window.location.hash.slice(1));
  window.addEventListener('hashchange', () => selectTab(window.location.hash.slice(1)));
  const canEdit = can(pageUser_, 'clients:update');
  if (canEdit) {
    const edit = find('[data-client-edit]');
    edit.hidden = false;
    const open = clientFormDialog((client) => {
      current = client;
      renderClient(client);
      notify(`${client.company_name} was updated.`);
    });
    edit.addEventListener('click', () => open(current ?? undefined));
  }
  wireStatus(current);
  const generate = find<HTMLAnchorElement>('[data-client-generate]');
  generate.href = generateHref(id);
  if (!current.is_active) generate.hidden = true;
  wireDocumentList({
    fetch: (query) => listClientDocuments(id, query),
    keep: { id },
    empty: current.is_active ? 'No documents for this client yet.' : 'No documents for this client.',
  });
  await wireBranding(current, resolved.ok ? resolved.data : null, canEdit);
}
