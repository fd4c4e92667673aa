/**
 * The template catalogue as super admins manage it (PRD §6.9): list with usage, create a custom
 * template, update one. Codes are unique (a marker claimed with the template), the default moves
 * atomically (`default-template.ts`), and `version` goes up when the markup changes, guarded by
 * the version read, so two concurrent edits cannot both count as one version.
 */
import { type PlatformAdmin, recordAdminAudit } from '../admin/admin-caller.ts';
import type { requestFacts } from '../audit/record-audit.ts';
import type { TemplateItem } from '../data/entities/templates.ts';
import { claimUnique } from '../data/invariants.ts';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { assertCommitted } from '../data/transactions.ts';
import { ApiError, notFound, validationError } from '../http/errors.ts';
import { assertTemplateUsable } from './admin-template-check.ts';
import { hasNoDefault, readDefaultState, takeDefault } from './default-template.ts';
import { allTemplates } from './plan-access.ts';
import { hasCustomMarkup } from './render-template.ts';
import type { CreateTemplate, UpdateTemplate } from './schemas.ts';
import { adminTemplate } from './template-view.ts';

type RequestFacts = ReturnType<typeof requestFacts>;

const defaultMoved = new ApiError('RES_003', {
  message: 'The default template changed meanwhile; please retry',
});

/** Pro agencies a template is assigned to. */
async function assignedAgencies(templateId: string): Promise<number> {
  const { data } = await service()
    .entities.agencyTemplate.query.byTemplate({ template_id: templateId })
    .go({ pages: 'all', attributes: ['agency_id'] });
  return data.length;
}

/** Every template, inactive ones included, with how many agencies it is assigned to. */
export async function listAdminTemplates() {
  const templates = await allTemplates();
  const counts = await Promise.all(templates.map((template) => assignedAgencies(template.id)));
  return templates.map((template, index) => adminTemplate(template, counts[index] ?? 0));
}

async function loadTemplate(templateId: string): Promise<TemplateItem> {
  const { data } = await service().entities.template.get({ id: templateId }).go({ consistent: true });
  if (!data) throw notFound('Template');
  return data;
}

/** One template as admins see it. */
export async function getAdminTemplate(templateId: string) {
  const template = await loadTemplate(templateId);
  return adminTemplate(template, await assignedAgencies(templateId));
}

/**
 * Creates a custom template. The first template of an empty catalogue becomes the default
 * whatever the request says, since there must always be one. Its markup must parse, and an
 * active (published) one must render the sample content (`admin-template-check.ts`).
 */
export async function createTemplate(admin: PlatformAdmin, input: CreateTemplate, request: RequestFacts) {
  const state = await readDefaultState();
  const isDefault = input.is_default || hasNoDefault(state);
  if (isDefault && !input.is_active)
    throw validationError([{ field: 'is_active', message: 'The default template must be active' }]);
  const codeTaken = new ApiError('VAL_004', {
    message: `Template code ${input.code} is already in use`,
    details: [{ field: 'code', message: 'Already in use' }],
  });
  // An early answer, so a taken code costs no render; the marker in the transaction decides.
  const { data: sameCode } = await service().entities.template.query.byCode({ code: input.code }).go();
  if (sameCode.length > 0) throw codeTaken;
  await assertTemplateUsable(input, input.is_active);
  const id = crypto.randomUUID();
  const outcome = await service()
    .transaction.write((tx) => [
      tx.template
        .create({
          ...input,
          id,
          is_default: isDefault,
          ...(input.is_active ? { published_at: nowIso() } : {}),
        })
        .commit(),
      claimUnique(tx, { namespace: 'template_code', value: input.code }, id),
      ...(isDefault ? takeDefault(tx, id, state) : []),
    ])
    .go();
  assertCommitted(outcome, [null, codeTaken, ...outcome.data.slice(2).map(() => defaultMoved)]);
  const created = await loadTemplate(id);
  await recordAdminAudit(
    admin,
    {
      action: 'template_create',
      resource_type: 'template',
      resource_id: id,
      resource_name: input.code,
      metadata: { is_premium: input.is_premium, is_default: isDefault },
    },
    request,
  );
  return adminTemplate(created, 0);
}

/** The fields of `input` that differ from `template`, markup reported as "changed" only. */
function changesOf(template: TemplateItem, input: UpdateTemplate) {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const [field, value] of Object.entries(input)) {
    const old = template[field as keyof TemplateItem];
    if (JSON.stringify(old) === JSON.stringify(value)) continue;
    changes[field] =
      field === 'html_template' || field === 'css_template'
        ? { old: 'previous', new: 'changed' }
        : { old, new: value };
  }
  return changes;
}

/**
 * Updates a template. Refused: clearing the default flag (make another template the default
 * instead), deactivating the default, and admin markup that does not parse, or (when the template
 * is or becomes active) does not render the sample content (`admin-template-check.ts`). A markup
 * change increments `version`.
 */
export async function updateTemplate(
  admin: PlatformAdmin,
  templateId: string,
  input: UpdateTemplate,
  request: RequestFacts,
) {
  const template = await loadTemplate(templateId);
  const changes = changesOf(template, input);
  if (Object.keys(changes).length === 0) return getAdminTemplate(templateId);
  const willBeDefault = input.is_default ?? template.is_default;
  if (template.is_default && input.is_default === false)
    throw validationError([
      {
        field: 'is_default',
        message: 'There must be a default template; make another template the default instead',
      },
    ]);
  if (willBeDefault && (input.is_active ?? template.is_active) === false)
    throw validationError([{ field: 'is_active', message: 'The default template cannot be deactivated' }]);

  const newVersion = 'html_template' in changes || 'css_template' in changes;
  const next = { ...template, ...input };
  const activates = next.is_active && !template.is_active;
  const claimsMore =
    (next.supports_statistics && !template.supports_statistics) ||
    (next.supports_charts && !template.supports_charts);
  if (hasCustomMarkup(next) && (newVersion || activates || claimsMore))
    await assertTemplateUsable(next, next.is_active);
  const becomesDefault = input.is_default === true && !template.is_default;
  const state = becomesDefault ? await readDefaultState() : null;
  const publishes = (input.is_active ?? template.is_active) && !template.published_at;
  const changed = new ApiError('RES_003', { message: 'The template changed meanwhile; please retry' });

  const outcome = await service()
    .transaction.write((tx) => {
      const fields = tx.template
        .patch({ id: templateId })
        .set({ ...input, ...(publishes ? { published_at: nowIso() } : {}) });
      const patch = (newVersion ? fields.add({ version: 1 }) : fields)
        .where(({ version }, { eq }) => eq(version, template.version))
        .commit();
      return [patch, ...(state ? takeDefault(tx, templateId, state) : [])];
    })
    .go();
  assertCommitted(outcome, [changed, ...outcome.data.slice(1).map(() => defaultMoved)]);

  await recordAdminAudit(
    admin,
    {
      action: 'template_update',
      resource_type: 'template',
      resource_id: templateId,
      resource_name: template.code,
      changes,
      metadata: newVersion ? { version: template.version + 1 } : undefined,
    },
    request,
  );
  return getAdminTemplate(templateId);
}
