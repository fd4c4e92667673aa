/**
 * Platform → one agency → Templates: what a plan with a template limit (Pro) has been assigned,
 * unassigning, and assigning within the limit. Plans without a limit (Enterprise) take no
 * assignments (BIZ_005) and premium templates are refused (BIZ_002); both answers are shown as
 * the API words them.
 */
import type { ApiProblem } from '../lib/api.ts';
import { find, h } from '../lib/dom.ts';
import {
  type AdminTemplate,
  type AgencyAssignments,
  assignTemplates,
  listAdminTemplates,
  listAgencyTemplates,
  unassignTemplate,
} from '../lib/endpoints/admin.ts';
import { formatDate } from '../lib/format.ts';
import { hideAlert, showAlert, showProblem, whileBusy } from '../lib/forms.ts';
import { rowActionButton } from '../lib/lists.ts';
import { notify } from '../lib/notify.ts';

const section = find('[data-templates-section]');
const alert = find('[data-templates-alert]', section);
const note = find('[data-templates-note]', section);
const limitChip = find('[data-templates-limit]', section);
const list = find<HTMLUListElement>('[data-assigned-templates]', section);
const form = find<HTMLFormElement>('form[data-assign-form]', section);
const choices = find<HTMLSelectElement>('[data-assign-choices]', form);
const submit = find<HTMLButtonElement>('button[type="submit"]', form);

/** The refusal as people should read it: the API's own message, titled by what it means. */
function showRefusal(problem: ApiProblem, action: string): void {
  alert.dataset.code = problem.code;
  const titles: Record<string, string> = {
    BIZ_002: `${action} refused by the plan.`,
    BIZ_005: 'This plan takes no assignments.',
    RES_003: 'Someone changed the assignments meanwhile.',
  };
  showProblem(alert, problem, { title: titles[problem.code] ?? `${action} failed.` });
}

export async function loadAgencyTemplates(agencyId: string): Promise<void> {
  const [assignments, catalogue] = await Promise.all([listAgencyTemplates(agencyId), listAdminTemplates()]);
  if (!assignments.ok) {
    showRefusal(assignments, 'Loading the templates');
    return;
  }
  const templates = catalogue.ok ? catalogue.data : [];
  render(agencyId, assignments.data, templates);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    hideAlert(alert);
    const templateId = choices.value;
    if (!templateId) return;
    const result = await whileBusy(submit, 'Assigning…', () => assignTemplates(agencyId, [templateId]));
    if (!result.ok) {
      showRefusal(result, 'Assignment');
      return;
    }
    render(agencyId, result.data, templates);
    notify(
      `${templates.find((template) => template.id === templateId)?.name ?? 'The template'} was assigned.`,
    );
  });

  list.addEventListener('click', async (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('[data-action="unassign"]');
    const templateId = button?.dataset.templateId;
    if (!button || !templateId) return;
    hideAlert(alert);
    const result = await whileBusy(button, 'Removing…', () => unassignTemplate(agencyId, templateId));
    if (!result.ok) {
      showRefusal(result, 'Unassigning');
      return;
    }
    render(agencyId, result.data, templates);
    notify(`${button.dataset.templateName ?? 'The template'} was unassigned.`);
  });
}

function render(_agencyId: string, data: AgencyAssignments, templates: readonly AdminTemplate[]): void {
  const limit = data.max_templates;
  if (limit === null) {
    limitChip.textContent = 'Every template';
    note.textContent =
      "This agency's plan includes every template, premium ones too; assignments are for plans with a template limit.";
    note.hidden = false;
    list.replaceChildren();
    form.hidden = true;
    return;
  }
  limitChip.textContent = `${data.assigned.length} of ${limit} assigned`;
  note.hidden = data.assigned.length > 0;
  note.textContent = 'No templates are assigned yet: the agency can use none.';
  list.replaceChildren(
    ...data.assigned.map((assignment) =>
      h(
        'li',
        { 'data-assigned': assignment.code },
        h(
          'div',
          { class: 'entity-text' },
          h('span', { class: 'entity-name' }, assignment.name || assignment.code),
          h(
            'span',
            { class: 'entity-sub' },
            h('code', {}, assignment.code),
            ` · assigned ${formatDate(assignment.assigned_at)}`,
          ),
        ),
        rowActionButton('Unassign', 'unassign', assignment.name || assignment.code, {
          'data-template-id': assignment.template_id,
          'data-template-name': assignment.name || assignment.code,
        }),
      ),
    ),
  );
  // Active templates not yet assigned; premium ones stay listed (marked) so the refusal is explained.
  const held = new Set(data.assigned.map((assignment) => assignment.template_id));
  const open = templates.filter((template) => template.is_active && !held.has(template.id));
  choices.replaceChildren(
    ...open.map((template) =>
      h(
        'option',
        { value: template.id, 'data-code': template.code },
        `${template.name} (${template.code})${template.is_premium ? ' — premium, Enterprise only' : ''}`,
      ),
    ),
  );
  form.hidden = open.length === 0;
  if (data.assigned.length >= limit) {
    showAlert(
      alert,
      {
        title: 'The plan’s template limit is reached.',
        message: `Unassign one of the ${limit} before assigning another.`,
      },
      'warn',
    );
  }
}
