/**
 * Which templates an agency may use (PRD §1.4, §4.2.5–4.2.6), decided in one place for every
 * caller that accepts a template code: the template endpoints, document generation, schedules and
 * CSV imports.
 *
 * - A plan without `max_templates` (the Enterprise plans) uses every active template, premium
 *   ones included, with no assignment rows (PRD §4.2.6 "checked by plan").
 * - A plan with `max_templates` (the Pro plans) uses only the active templates a super admin
 *   assigned to the agency, and never a premium one (`is_premium`: "Enterprise only"), even if
 *   an assignment survives from before a downgrade or the template became premium later.
 */
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { TemplateItem } from '../data/entities/templates.ts';
import { service } from '../data/service.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { byCatalogueOrder } from './template-view.ts';

/** The whole catalogue: one small index partition (tens of rows). */
export async function allTemplates(): Promise<TemplateItem[]> {
  const { data } = await service().entities.template.query.byCode({}).go({ pages: 'all' });
  return data.sort(byCatalogueOrder);
}

/** Whether the agency's plan limits it to assigned templates (and keeps premium ones from it). */
export async function planLimitsTemplates(
  agency: Pick<AgencyItem, 'plan_id'>,
): Promise<{ max_templates: number | null }> {
  const { data: plan } = await service().entities.plan.get({ id: agency.plan_id }).go();
  if (!plan) throw new Error(`Plan ${agency.plan_id} of an agency is missing`);
  return { max_templates: plan.max_templates ?? null };
}

/** An agency's template rights, read once and then checked for many codes (e.g. a CSV import). */
export interface TemplateAccess {
  /** Active templates the agency may use, in catalogue order. */
  readonly available: readonly TemplateItem[];
  /** The template `code` names if the agency may use it; 404 RES_001 / 403 BIZ_002 otherwise. */
  require(code: string): TemplateItem;
}

/** Reads the catalogue, the agency's plan and (for limited plans) its assignments. */
export async function loadTemplateAccess(
  agency: Pick<AgencyItem, 'id' | 'plan_id'>,
): Promise<TemplateAccess> {
  const [catalogue, { max_templates }] = await Promise.all([allTemplates(), planLimitsTemplates(agency)]);
  const assigned =
    max_templates === null
      ? null
      : new Set(
          (
            await service()
              .entities.agencyTemplate.query.byAgency({ agency_id: agency.id })
              .go({ pages: 'all' })
          ).data.map((row) => row.template_id),
        );
  const allowed = (template: TemplateItem) =>
    template.is_active && (assigned === null || (assigned.has(template.id) && !template.is_premium));
  const available = catalogue.filter(allowed);
  return {
    available,
    require(code) {
      const template = catalogue.find((item) => item.code === code.toUpperCase());
      // An inactive template is retired: it does not exist for agencies.
      if (!template?.is_active) throw notFound('Template');
      if (!allowed(template)) throw new ApiError('BIZ_002', { details: { template_code: template.code } });
      return template;
    },
  };
}

/**
 * The template `code` names, when `agency` may use it: 404 RES_001 for an unknown or retired
 * code, 403 BIZ_002 for a template its plan or assignments do not include. Call it wherever a
 * template code comes in.
 */
export async function assertTemplateAllowed(
  agency: Pick<AgencyItem, 'id' | 'plan_id'>,
  code: string,
): Promise<TemplateItem> {
  return (await loadTemplateAccess(agency)).require(code);
}
