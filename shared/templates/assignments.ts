/**
 * Super admins assign templates to agencies whose plan limits them (PRD §6.9
 * `POST /api/v1/admin/agencies/{agency_id}/templates`, §1.4 "Pro plans: limited to 5 templates
 * assigned by Super Admin") and take them back. The limit, the "no premium for Pro" rule and the
 * template still being active are all conditions of the one transaction that writes the rows.
 */
import { createWriteTransaction } from 'electrodb';
import { type PlatformAdmin, recordAdminAudit } from '../admin/admin-caller.ts';
import type { requestFacts } from '../audit/record-audit.ts';
import type { TemplateItem } from '../data/entities/templates.ts';
import { service } from '../data/service.ts';
import { assertCommitted } from '../data/transactions.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { ensureQuota, templateQuota } from './assignment-quota.ts';
import { planLimitsTemplates } from './plan-access.ts';

type RequestFacts = ReturnType<typeof requestFacts>;

async function loadAgency(agencyId: string) {
  const { data } = await service().entities.agency.get({ id: agencyId }).go();
  if (!data) throw notFound('Agency');
  return data;
}

/** The agency's plan limit; 403 BIZ_005 for plans that use every template without assignments. */
async function limitOf(agency: { plan_id: string }): Promise<number> {
  const { max_templates } = await planLimitsTemplates(agency);
  if (max_templates === null)
    throw new ApiError('BIZ_005', {
      message: "This agency's plan includes every template; assignments are for plans with a template limit",
    });
  return max_templates;
}

function transactionEntities() {
  const { agencyTemplate, template } = service().entities;
  return { agencyTemplate, template, quota: templateQuota() };
}

/** The agency's assignments with their templates' code and name, and its limit. */
export async function listAssignments(agencyId: string) {
  const agency = await loadAgency(agencyId);
  const [{ max_templates }, rows] = await Promise.all([
    planLimitsTemplates(agency),
    service()
      .entities.agencyTemplate.query.byAgency({ agency_id: agencyId })
      .go({ pages: 'all', consistent: true }),
  ]);
  const templates = await Promise.all(
    rows.data.map((row) => service().entities.template.get({ id: row.template_id }).go()),
  );
  return {
    agency_id: agencyId,
    max_templates,
    assigned: rows.data.map((row, index) => ({
      template_id: row.template_id,
      code: templates[index]?.data?.code ?? '',
      name: templates[index]?.data?.name ?? '',
      assigned_at: row.assigned_at,
      assigned_by: row.assigned_by ?? null,
      notes: row.notes ?? null,
    })),
  };
}

/** The templates `ids` names, each active and not premium (else 404 RES_001 / 403 BIZ_002). */
async function assignableTemplates(ids: readonly string[]): Promise<TemplateItem[]> {
  const found = await Promise.all(
    ids.map((id) => service().entities.template.get({ id }).go({ consistent: true })),
  );
  return found.map(({ data }, index) => {
    if (!data?.is_active)
      throw new ApiError('RES_001', { message: 'Template not found', details: { template_id: ids[index] } });
    if (data.is_premium)
      throw new ApiError('BIZ_002', {
        message: 'Premium templates are available on Enterprise plans only',
        details: { template_id: data.id, code: data.code },
      });
    return data;
  });
}

/**
 * Assigns `templateIds` (those not yet assigned) in one transaction: the rows, the count within
 * the plan's `max_templates`, and checks that each template is still active and not premium.
 * Over the limit → 403 BIZ_002 and nothing is assigned.
 */
export async function assignTemplates(
  admin: PlatformAdmin,
  agencyId: string,
  input: { template_ids: string[]; notes?: string },
  request: RequestFacts,
) {
  const agency = await loadAgency(agencyId);
  const limit = await limitOf(agency);
  const templates = await assignableTemplates([...new Set(input.template_ids)]);
  await ensureQuota(agencyId);
  const existing = await service()
    .entities.agencyTemplate.query.byAgency({ agency_id: agencyId })
    .go({ pages: 'all', consistent: true });
  const held = new Set(existing.data.map((row) => row.template_id));
  const added = templates.filter((template) => !held.has(template.id));
  if (added.length === 0) return listAssignments(agencyId);

  const overLimit = new ApiError('BIZ_002', {
    message: `This agency's plan allows ${limit} templates; unassign one first`,
    details: { max_templates: limit },
  });
  const conflict = new ApiError('RES_003', { message: 'The assignments changed meanwhile; please retry' });
  const outcome = await createWriteTransaction(transactionEntities(), (tx) => [
    tx.quota
      .patch({ agency_id: agencyId })
      .add({ assigned_count: added.length })
      .where(({ assigned_count }, { lte }) => lte(assigned_count, limit - added.length))
      .commit(),
    ...added.map((template) =>
      tx.agencyTemplate
        .create({
          agency_id: agencyId,
          template_id: template.id,
          assigned_by: admin.user_id,
          notes: input.notes,
        })
        .commit(),
    ),
    ...added.map((template) =>
      tx.template
        .check({ id: template.id })
        .where(({ is_active, is_premium }, { eq }) => `${eq(is_active, true)} AND ${eq(is_premium, false)}`)
        .commit(),
    ),
  ]).go();
  assertCommitted(outcome, [overLimit, ...added.map(() => conflict), ...added.map(() => conflict)]);

  await recordAdminAudit(
    admin,
    {
      action: 'template_assign',
      resource_type: 'agency',
      resource_id: agencyId,
      resource_name: agency.name,
      metadata: {
        template_ids: added.map((template) => template.id),
        codes: added.map((template) => template.code),
      },
    },
    request,
  );
  return listAssignments(agencyId);
}

/** Takes template `templateId` back from the agency (404 when it is not assigned). */
export async function unassignTemplate(
  admin: PlatformAdmin,
  agencyId: string,
  templateId: string,
  request: RequestFacts,
) {
  const agency = await loadAgency(agencyId);
  await ensureQuota(agencyId);
  const notAssigned = notFound('Template assignment');
  const outcome = await createWriteTransaction(transactionEntities(), (tx) => [
    tx.agencyTemplate
      .delete({ agency_id: agencyId, template_id: templateId })
      .where(({ template_id }, { exists }) => exists(template_id))
      .commit(),
    tx.quota
      .patch({ agency_id: agencyId })
      .subtract({ assigned_count: 1 })
      .where(({ assigned_count }, { gt }) => gt(assigned_count, 0))
      .commit(),
  ]).go();
  assertCommitted(outcome, [notAssigned, null]);
  await recordAdminAudit(
    admin,
    {
      action: 'template_unassign',
      resource_type: 'agency',
      resource_id: agencyId,
      resource_name: agency.name,
      metadata: { template_id: templateId },
    },
    request,
  );
  return listAssignments(agencyId);
}
