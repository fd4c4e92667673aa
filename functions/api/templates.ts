import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { getAgencyTemplate, listAgencyTemplates } from '../../shared/templates/agency-templates.ts';
import { TemplateCodeParamsSchema } from '../../shared/templates/schemas.ts';
import { agencyCaller } from '../../shared/tenancy/agency-scope.ts';

/** GET /api/v1/templates — the templates the agency's plan and assignments allow. */
export const list = apiRoute({}, async ({ identity }) => ({
  data: await listAgencyTemplates(agencyCaller(identity).agency_id),
}));

/** GET /api/v1/templates/{template_code} — one template; 403 BIZ_002 when not available. */
export const get = apiRoute({ params: TemplateCodeParamsSchema }, async ({ params, identity }) => ({
  data: await getAgencyTemplate(agencyCaller(identity).agency_id, params.template_code),
}));

export const handler = routeDispatcher({ list, get });
