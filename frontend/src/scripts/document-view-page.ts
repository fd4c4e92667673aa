/**
 * One document: the PDF inline, facts, usage, sources and statistics, download, text editing and
 * deletion. The PDF needs the access token, so it is fetched and shown from an object URL.
 */
import type { DownloadedFile } from '../lib/api.ts';
import { formDialog } from '../lib/dialogs.ts';
import { documentStatusBadge, isInProgress, progressHref, showGenerationFailure } from '../lib/documents.ts';
import { find, h } from '../lib/dom.ts';
import type { CurrentUser } from '../lib/endpoints/auth.ts';
import {
  type DocumentContent,
  type DocumentDetail,
  deleteDocument,
  getDocument,
  getDocumentContent,
  getDocumentPdf,
  updateDocumentContent,
} from '../lib/endpoints/documents.ts';
import {
  formatBytes,
  formatCents,
  formatDate,
  formatDateTime,
  formatDuration,
  formatNumber,
  humanize,
} from '../lib/format.ts';
import { showAlert, showProblem, text, whileBusy } from '../lib/forms.ts';
import { notify } from '../lib/notify.ts';
import { can } from '../lib/session.ts';
import { pageUser } from './app-shell.ts';

const view = find('[data-document-view]');
const loadAlert = find('[data-load-alert]');
const frame = find<HTMLIFrameElement>('[data-pdf-frame]');
const placeholder = find('[data-pdf-placeholder]');
const downloadButton = find<HTMLButtonElement>('[data-document-download]');
const id = new URLSearchParams(window.location.search).get('id') ?? '';

let pdf: DownloadedFile | null = null;
let pdfUrl: string | null = null;

function fact(label: string, value: Node | string | null | undefined): HTMLElement {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value || '—'));
}

const isReady = (doc: DocumentDetail) => doc.status === 'ready' || doc.status === 'distributed';

function renderHeading(doc: DocumentDetail): void {
  document.title = document.title.replace(/^[^|–-]*/, `${doc.title} `);
  const client = find('[data-document-client]');
  client.replaceChildren(
    doc.client
      ? h('a', { href: `/clients/view?id=${encodeURIComponent(doc.client.id)}` }, doc.client.company_name)
      : '',
  );
  find('[data-document-title]').textContent = doc.title || doc.topic;
  find('[data-document-subtitle]').textContent = doc.subtitle ?? '';
  find('[data-document-status]').replaceChildren(documentStatusBadge(doc.status));
}

function renderStateAlerts(doc: DocumentDetail): void {
  const running = find('[data-document-running]');
  running.hidden = !isInProgress(doc.status);
  find<HTMLAnchorElement>('[data-running-link]', running).href = progressHref(doc.id);
  const failed = find('[data-document-failed]');
  failed.hidden = doc.status !== 'failed';
  if (doc.status === 'failed') showGenerationFailure(failed, doc.error, doc);
}

function renderFacts(doc: DocumentDetail): void {
  const summary = doc.content_summary;
  const generatedIn =
    doc.generation_completed_at && isReady(doc)
      ? formatDuration(Date.parse(doc.generation_completed_at) - Date.parse(doc.created_at))
      : null;
  find('[data-document-facts]').replaceChildren(
    fact('Template', doc.template?.name),
    fact('Pages', doc.files.pdf_page_count ? formatNumber(doc.files.pdf_page_count) : null),
    fact('Words', summary?.word_count ? formatNumber(summary.word_count) : null),
    fact('File size', doc.files.pdf_file_size_bytes ? formatBytes(doc.files.pdf_file_size_bytes) : null),
    fact(
      'Created',
      [formatDateTime(doc.created_at), doc.created_by ? `by ${doc.created_by.name}` : null]
        .filter(Boolean)
        .join(' '),
    ),
    fact('Generated in', generatedIn),
    fact('Kept until', formatDate(doc.expires_at)),
  );
  const usage = doc.api_usage;
  find('[data-usage-facts]').replaceChildren(
    fact('Input tokens', formatNumber(usage.tokens_input)),
    fact('Output tokens', formatNumber(usage.tokens_output)),
    fact('Cost', formatCents(usage.cost_cents)),
  );
  const input = doc.generation_input;
  const list = (items: readonly string[]) =>
    items.length
      ? h('span', { class: 'chips' }, ...items.map((item) => h('span', { class: 'chip' }, item)))
      : null;
  find('[data-input-facts]').replaceChildren(
    fact('Topic', doc.topic),
    fact('Tone', input.tone ? humanize(input.tone) : null),
    fact('Industry', input.industry),
    fact('Keywords', list(input.keywords)),
    fact('Services', list(input.related_services)),
    fact('Cover search', input.cover_image_search),
    ...(input.custom_direction ? [wide(fact('Direction', input.custom_direction))] : []),
    ...(input.additional_context ? [wide(fact('Additional context', input.additional_context))] : []),
  );
}

function wide(element: HTMLElement): HTMLElement {
  element.classList.add('fact-wide');
  return element;
}

/**
 * What the provenance check recorded (API `research_summary`): how many figures were found in the
 * text of the source they cite, and how many were left out because their source does not state
 * them. Offline sample content (no real research) says so instead; a document without counts
 * claims nothing.
 */
function statisticsNote(doc: DocumentDetail, sample: boolean): string {
  if (sample) return 'Offline sample content: these figures are examples, not research.';
  const { statistics_verified_count: verified, statistics_dropped_count: dropped } = doc.research_summary;
  if (verified === null) return 'These figures have no recorded source check.';
  const plural = (count: number) => (count === 1 ? 'figure' : 'figures');
  return [
    `${formatNumber(verified)} ${plural(verified)} found in the text of the source they cite`,
    dropped ? `${formatNumber(dropped)} left out because their source does not state them` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The statistics in the document, each with its source and the result of its source check. */
function renderStatistics(doc: DocumentDetail, content: DocumentContent): void {
  const card = find('[data-statistics-card]');
  card.hidden = content.statistics.length === 0;
  const sources = new Map(content.sources.map((source) => [source.id, source]));
  const sample = content.metadata.sample;
  // Only checked figures reach a generated PDF, so with counts recorded every one shown passed.
  const checked = doc.research_summary.statistics_verified_count !== null;
  find('[data-statistics-note]').textContent = statisticsNote(doc, sample);
  find('[data-statistics]').replaceChildren(
    ...content.statistics.map((statistic) => {
      const source = sources.get(statistic.source_id);
      const url = statistic.source_url ?? source?.url;
      return h(
        'li',
        { class: 'statistic', 'data-statistic': statistic.id },
        h('span', { class: 'statistic-value' }, statistic.value),
        h('span', {}, statistic.label),
        h(
          'span',
          { class: 'statistic-source' },
          url
            ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, statistic.source)
            : statistic.source,
          ` [${statistic.source_id}]`,
        ),
        sample
          ? h('span', { class: 'chip' }, 'Sample')
          : checked
            ? h('span', { class: 'verified', 'data-verified': '' }, '✓ Verified in source')
            : null,
      );
    }),
  );
}

function renderSources(doc: DocumentDetail, content: DocumentContent): void {
  const card = find('[data-sources-card]');
  card.hidden = content.sources.length === 0 && doc.research_summary.source_count === 0;
  const research = doc.research_summary;
  find('[data-sources-note]').textContent = [
    `${formatNumber(research.source_count)} source${research.source_count === 1 ? '' : 's'} read`,
    content.sources.length ? `${formatNumber(content.sources.length)} cited` : null,
    research.duration_seconds ? `research took ${formatDuration(research.duration_seconds * 1000)}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  find('[data-top-domains]').replaceChildren(
    ...research.top_sources.map((top) =>
      h('span', { class: 'chip' }, `${top.domain} · ${formatNumber(top.count)}`),
    ),
  );
  find('[data-sources]').replaceChildren(
    ...content.sources.map((source) =>
      h(
        'li',
        { value: String(source.id), 'data-source': String(source.id) },
        h('a', { href: source.url, target: '_blank', rel: 'noopener noreferrer' }, source.title),
        h(
          'div',
          { class: 'entity-sub' },
          [source.domain, source.publisher, source.published_at ? formatDate(source.published_at) : null]
            .filter(Boolean)
            .join(' · '),
        ),
      ),
    ),
  );
}

/** Fetches the PDF and shows it in the frame (again after an edit: the old object URL is freed). */
async function loadPdf(doc: DocumentDetail): Promise<void> {
  downloadButton.hidden = !isReady(doc);
  if (!isReady(doc)) {
    placeholder.textContent =
      doc.status === 'failed'
        ? 'No PDF: the generation failed.'
        : 'The PDF appears here once it is generated.';
    return;
  }
  placeholder.textContent = 'Loading the PDF…';
  placeholder.hidden = false;
  frame.hidden = true;
  const result = await getDocumentPdf(doc.id);
  if (!result.ok) {
    placeholder.textContent = `The PDF could not be loaded: ${result.message}`;
    return;
  }
  pdf = result.data;
  if (pdfUrl) URL.revokeObjectURL(pdfUrl);
  pdfUrl = URL.createObjectURL(new Blob([pdf.blob], { type: 'application/pdf' }));
  frame.title = `PDF preview of ${doc.title}`;
  frame.src = pdfUrl;
  frame.hidden = false;
  placeholder.hidden = true;
  find<HTMLAnchorElement>('[data-pdf-open]').href = pdfUrl;
  find('[data-pdf-footer]').hidden = false;
}

function download(doc: DocumentDetail): void {
  if (!pdf || !pdfUrl) return;
  const link = h('a', { href: pdfUrl, download: pdf.filename ?? `${doc.slug ?? 'document'}.pdf` });
  document.body.append(link);
  link.click();
  link.remove();
}

/** The edit dialog's per-section fields, named after their content paths for field errors. */
function sectionFields(content: DocumentContent): HTMLElement[] {
  return content.sections.map((section, index) => {
    const path = `sections.${index}`;
    const field = (label: string, name: string, value: string, rows?: number) => {
      const inputId = `edit-${name.replaceAll('.', '-')}`;
      const control = rows
        ? h('textarea', { id: inputId, name, rows: String(rows) })
        : h('input', { id: inputId, name });
      control.value = value;
      return h('div', { class: 'field' }, h('label', { for: inputId }, label), control);
    };
    return h(
      'fieldset',
      { class: 'edit-section' },
      h('legend', {}, `Section ${section.number}`),
      field('Title', `${path}.title`, section.title),
      field('Lead', `${path}.lead`, section.lead, 2),
      field('Paragraphs', `${path}.paragraphs`, section.paragraphs.join('\n\n'), 8),
      h('p', { class: 'field-hint' }, 'Separate paragraphs with an empty line.'),
    );
  });
}

/** The content with the dialog's text in place of the old (everything else unchanged). */
function editedContent(form: HTMLFormElement, content: DocumentContent): DocumentContent {
  const subtitle = text(form, 'subtitle');
  return {
    ...content,
    title: text(form, 'title'),
    subtitle: subtitle || undefined,
    summary: text(form, 'summary'),
    sections: content.sections.map((section, index) => ({
      ...section,
      title: text(form, `sections.${index}.title`),
      lead: text(form, `sections.${index}.lead`),
      paragraphs: text(form, `sections.${index}.paragraphs`)
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.trim())
        .filter(Boolean),
    })),
  };
}

function wireEditing(doc: DocumentDetail, content: DocumentContent, reload: () => Promise<void>): void {
  const button = find<HTMLButtonElement>('[data-document-edit]');
  button.hidden = !isReady(doc);
  const edit = formDialog('edit-dialog', 'edit');
  let current = content;
  button.onclick = () => {
    edit.form.reset();
    edit.clear();
    (edit.form.elements.namedItem('title') as HTMLInputElement).value = current.title;
    (edit.form.elements.namedItem('subtitle') as HTMLInputElement).value = current.subtitle ?? '';
    (edit.form.elements.namedItem('summary') as HTMLTextAreaElement).value = current.summary;
    find('[data-edit-sections]', edit.form).replaceChildren(...sectionFields(current));
    edit.element.showModal();
  };
  edit.form.onsubmit = async (event) => {
    event.preventDefault();
    edit.clear();
    const changed = editedContent(edit.form, current);
    const result = await whileBusy(edit.submit, 'Saving and rendering…', () =>
      updateDocumentContent(doc.id, changed),
    );
    if (!result.ok) {
      showProblem(edit.alert, result, { form: edit.form });
      return;
    }
    current = changed;
    edit.element.close();
    notify('Changes saved. The PDF was rendered again.');
    await reload();
  };
}

function wireDeleting(doc: DocumentDetail): void {
  const button = find<HTMLButtonElement>('[data-document-delete]');
  const confirm = formDialog('delete-dialog', 'delete');
  button.onclick = () =>
    confirm.ask(
      `Delete “${doc.title || doc.topic}”?`,
      'It disappears from the lists at once, and its PDF is removed for good after 30 days.',
    );
  confirm.form.onsubmit = async (event) => {
    event.preventDefault();
    const result = await whileBusy(confirm.submit, 'Deleting…', () => deleteDocument(doc.id));
    if (!result.ok) {
      showProblem(confirm.alert, result);
      return;
    }
    confirm.element.close();
    window.location.assign('/documents');
  };
}

/** Admins edit any document; members too, until it has been distributed (PRD §5.4.3). */
const mayEdit = (user: CurrentUser, doc: DocumentDetail) =>
  can(user, 'documents:update') || (can(user, 'documents:create') && doc.status !== 'distributed');

async function show(user: CurrentUser): Promise<void> {
  const [detail, content] = await Promise.all([getDocument(id), getDocumentContent(id)]);
  if (!detail.ok) {
    showAlert(loadAlert, {
      title: detail.status === 404 ? 'This document does not exist.' : 'The document could not be loaded.',
      message: detail.status === 404 ? 'It may have been deleted, or the link is wrong.' : detail.message,
      requestId: detail.requestId,
    });
    view.hidden = true;
    return;
  }
  const doc = detail.data;
  renderHeading(doc);
  renderStateAlerts(doc);
  renderFacts(doc);
  view.hidden = false;
  // Content exists once the document is written; before that (or when it failed) there is none.
  if (content.ok) {
    renderSources(doc, content.data);
    renderStatistics(doc, content.data);
    if (mayEdit(user, doc)) wireEditing(doc, content.data, () => show(user));
  }
  downloadButton.onclick = () => download(doc);
  if (can(user, 'documents:delete')) {
    find('[data-document-delete]').hidden = false;
    wireDeleting(doc);
  }
  await loadPdf(doc);
}

const user = await pageUser();
if (!id) {
  showAlert(loadAlert, {
    title: 'No document was given.',
    message: 'Open a document from the documents list.',
  });
} else {
  await show(user);
}
