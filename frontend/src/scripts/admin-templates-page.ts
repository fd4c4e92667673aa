/**
 * Platform → Templates: the catalogue table and one dialog for creating and editing a template.
 * Inputs carry the API's field names, so 422 field errors land under them; the code is fixed once
 * created, and markup left empty on edit keeps the current version.
 */
import { formDialog } from '../lib/dialogs.ts';
import { find, h } from '../lib/dom.ts';
import {
  type AdminTemplate,
  createTemplate,
  listAdminTemplates,
  type TemplateChanges,
  updateTemplate,
} from '../lib/endpoints/admin.ts';
import { formatDate, formatNumber, humanize } from '../lib/format.ts';
import { showProblem, text, whileBusy } from '../lib/forms.ts';
import { rowActionButton, showLoadingRows, showLoadProblem, showMessageRow, showRows } from '../lib/lists.ts';
import { notify } from '../lib/notify.ts';
import { pageUser } from './app-shell.ts';

const COLUMNS = 7;
const rowsBody = find<HTMLTableSectionElement>('tbody[data-rows]');
const templates = new Map<string, AdminTemplate>();

const CAPABILITIES = [
  'supports_charts',
  'supports_statistics',
  'supports_quotes',
  'supports_tables',
] as const;
const FLAGS = ['is_active', 'is_premium', 'is_default'] as const;

const chip = (label: string, strong = false) =>
  h('span', { class: strong ? 'chip chip--strong' : 'chip' }, label);

function row(template: AdminTemplate): HTMLTableRowElement {
  const flags = [
    template.is_default ? chip('Default', true) : null,
    template.is_premium ? chip('Premium', true) : null,
  ].filter((item): item is HTMLSpanElement => item !== null);
  return h(
    'tr',
    { 'data-template': template.code, 'data-inactive': !template.is_active },
    h(
      'td',
      {},
      h(
        'div',
        { class: 'entity-text' },
        h('span', { class: 'entity-name' }, template.name),
        h('code', { class: 'entity-sub' }, template.code),
      ),
    ),
    h('td', {}, template.category ? humanize(template.category) : h('span', { class: 'muted' }, '—')),
    h(
      'td',
      {},
      flags.length > 0
        ? h('div', { class: 'chips', 'data-flags': '' }, ...flags)
        : h('span', { class: 'muted' }, '—'),
    ),
    h(
      'td',
      {},
      h(
        'span',
        { class: 'badge', 'data-tone': template.is_active ? 'ok' : 'unknown' },
        template.is_active ? 'Active' : 'Inactive',
      ),
    ),
    h(
      'td',
      { class: 'numeric' },
      `v${template.version}`,
      h('div', { class: 'entity-sub' }, formatDate(template.last_updated)),
    ),
    h('td', { class: 'numeric' }, formatNumber(template.assigned_agencies)),
    h(
      'td',
      { class: 'actions-cell' },
      rowActionButton('Edit', 'edit', template.name, { 'data-template-id': template.id }),
    ),
  );
}

async function load(): Promise<void> {
  showLoadingRows(rowsBody, COLUMNS, 5);
  const result = await listAdminTemplates();
  if (!result.ok) {
    showLoadProblem(rowsBody, COLUMNS, 'The templates', result);
    return;
  }
  templates.clear();
  for (const template of result.data) templates.set(template.id, template);
  if (result.data.length === 0) showMessageRow(rowsBody, COLUMNS, 'No templates yet.');
  else showRows(rowsBody, result.data.map(row));
}

const tagsOf = (value: string) =>
  value
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);

function wireDialog(): void {
  const { element: edit, form, alert, submit, clear } = formDialog('template-dialog', 'template');
  const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const area = (name: string) => form.elements.namedItem(name) as HTMLTextAreaElement;
  /** The template being edited; undefined while creating. */
  let current: AdminTemplate | undefined;

  function open(template: AdminTemplate | undefined): void {
    current = template;
    form.reset();
    clear();
    find('[data-dialog-title]', edit).textContent = template ? `Edit ${template.name}` : 'New template';
    submit.textContent = template ? 'Save template' : 'Create template';
    input('code').value = template?.code ?? '';
    input('code').readOnly = template !== undefined;
    find('[data-code-hint]', form).textContent = template
      ? `Version ${template.version}. The code cannot change.`
      : 'A–Z, 0–9 and _, e.g. EXEC_06. It cannot change later.';
    input('name').value = template?.name ?? '';
    area('description').value = template?.description ?? '';
    input('category').value = template?.category ?? '';
    input('tags').value = template?.tags.join(', ') ?? '';
    input('max_sections').value = String(template?.capabilities.max_sections ?? 10);
    for (const flag of CAPABILITIES) input(flag).checked = template?.capabilities[flag] ?? true;
    input('is_active').checked = template?.is_active ?? true;
    input('is_premium').checked = template?.is_premium ?? false;
    input('is_default').checked = template?.is_default ?? false;
    area('html_template').value = '';
    area('css_template').value = '';
    for (const hint of form.querySelectorAll('[data-markup-hint]')) {
      hint.textContent = template
        ? template.has_custom_markup
          ? '(leave empty to keep; new markup makes a new version)'
          : '(built-in file; leave empty to keep)'
        : '';
    }
    edit.showModal();
  }

  find('[data-create-open]').addEventListener('click', () => open(undefined));
  rowsBody.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>('[data-action="edit"]');
    const template = button ? templates.get(button.dataset.templateId ?? '') : undefined;
    if (template) open(template);
  });

  function fields(): TemplateChanges {
    const fieldsSet: TemplateChanges = {
      name: text(form, 'name'),
      description: text(form, 'description'),
      tags: tagsOf(text(form, 'tags')),
      max_sections: Number(text(form, 'max_sections')),
    };
    const category = text(form, 'category');
    if (category) fieldsSet.category = category;
    for (const flag of [...CAPABILITIES, ...FLAGS]) fieldsSet[flag] = input(flag).checked;
    const html = area('html_template').value;
    const css = area('css_template').value;
    if (html.trim()) fieldsSet.html_template = html;
    if (css.trim()) fieldsSet.css_template = css;
    return fieldsSet;
  }

  /** Only what changed, so saving an untouched template does not claim the default or bump anything. */
  function changesFor(template: AdminTemplate, next: TemplateChanges): TemplateChanges {
    const before: TemplateChanges = {
      name: template.name,
      description: template.description ?? '',
      category: template.category ?? undefined,
      max_sections: template.capabilities.max_sections,
      is_active: template.is_active,
      is_premium: template.is_premium,
      is_default: template.is_default,
      ...Object.fromEntries(CAPABILITIES.map((flag) => [flag, template.capabilities[flag]])),
    };
    const changes: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(next)) {
      if (field === 'tags') {
        if (JSON.stringify(value) !== JSON.stringify(template.tags)) changes.tags = value;
      } else if (value !== before[field as keyof TemplateChanges]) {
        changes[field] = value;
      }
    }
    return changes as TemplateChanges;
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear();
    const next = fields();
    const target = current;
    if (target) {
      const changes = changesFor(target, next);
      if (Object.keys(changes).length === 0) {
        edit.close();
        return;
      }
      const result = await whileBusy(submit, 'Saving…', () => updateTemplate(target.id, changes));
      if (!result.ok) {
        showProblem(alert, result, {
          form,
          title: result.status === 422 ? undefined : 'The template was not saved.',
        });
        return;
      }
      edit.close();
      notify(
        result.data.version > target.version
          ? `${result.data.name} saved as version ${result.data.version}.`
          : `${result.data.name} saved.`,
      );
    } else {
      const result = await whileBusy(submit, 'Creating…', () =>
        createTemplate({
          ...next,
          code: text(form, 'code'),
          name: next.name ?? '',
          html_template: next.html_template ?? '',
          css_template: next.css_template ?? '',
        }),
      );
      if (!result.ok) {
        showProblem(alert, result, {
          form,
          title: result.status === 422 ? undefined : 'The template was not created.',
        });
        return;
      }
      edit.close();
      notify(`${result.data.name} was created.`);
    }
    void load();
  });
}

await pageUser();
wireDialog();
void load();
