/**
 * The templates an agency sees (PRD §6.6): its plan's and assignments' share of the catalogue.
 */
import { service } from '../data/service.ts';
import { notFound } from '../http/errors.ts';
import { loadTemplateAccess } from './plan-access.ts';
import { templateDetail, templateSummary } from './template-view.ts';

async function accessOf(agencyId: string) {
  const { data: agency } = await service().entities.agency.get({ id: agencyId }).go();
  if (!agency) throw notFound('Agency');
  return loadTemplateAccess(agency);
}

/** `GET /api/v1/templates`: the templates the agency may use, in catalogue order. */
export async function listAgencyTemplates(agencyId: string) {
  return (await accessOf(agencyId)).available.map(templateSummary);
}

/** `GET /api/v1/templates/{template_code}`: 404 unknown, 403 BIZ_002 not available to the agency. */
export async function getAgencyTemplate(agencyId: string, code: string) {
  return templateDetail((await accessOf(agencyId)).require(code));
}
