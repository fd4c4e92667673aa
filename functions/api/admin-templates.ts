import { platformAdmin } from '../../shared/admin/admin-caller.ts';
import { AgencyParamsSchema } from '../../shared/admin/schemas.ts';
import { requestFacts } from '../../shared/audit/record-audit.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import {
  createTemplate,
  listAdminTemplates,
  updateTemplate,
} from '../../shared/templates/admin-templates.ts';
import { assignTemplates, listAssignments, unassignTemplate } from '../../shared/templates/assignments.ts';
import {
  AgencyTemplateParamsSchema,
  AssignTemplatesSchema,
  CreateTemplateSchema,
  TemplateIdParamsSchema,
  UpdateTemplateSchema,
} from '../../shared/templates/schemas.ts';

/** GET /api/v1/admin/templates — the whole catalogue with assignment counts. */
export const list = apiRoute({}, async ({ identity }) => {
  platformAdmin(identity);
  return { data: await listAdminTemplates() };
});

/** POST /api/v1/admin/templates — a new custom template. */
export const create = apiRoute(
  { body: CreateTemplateSchema },
  async ({ body, identity, event, context }) => ({
    status: 201,
    data: await createTemplate(platformAdmin(identity), body, requestFacts(event, context)),
  }),
);

/** PUT /api/v1/admin/templates/{template_id} — change fields, markup (new version) or the default. */
export const update = apiRoute(
  { params: TemplateIdParamsSchema, body: UpdateTemplateSchema },
  async ({ params, body, identity, event, context }) => ({
    data: await updateTemplate(
      platformAdmin(identity),
      params.template_id,
      body,
      requestFacts(event, context),
    ),
  }),
);

/** GET /api/v1/admin/agencies/{agency_id}/templates — an agency's assignments and limit. */
export const listAgency = apiRoute({ params: AgencyParamsSchema }, async ({ params, identity }) => {
  platformAdmin(identity);
  return { data: await listAssignments(params.agency_id) };
});

/** POST /api/v1/admin/agencies/{agency_id}/templates — assign templates within the plan's limit. */
export const assign = apiRoute(
  { params: AgencyParamsSchema, body: AssignTemplatesSchema },
  async ({ params, body, identity, event, context }) => ({
    data: await assignTemplates(
      platformAdmin(identity),
      params.agency_id,
      body,
      requestFacts(event, context),
    ),
  }),
);

/** DELETE /api/v1/admin/agencies/{agency_id}/templates/{template_id} — take an assignment back. */
export const unassign = apiRoute(
  { params: AgencyTemplateParamsSchema },
  async ({ params, identity, event, context }) => ({
    data: await unassignTemplate(
      platformAdmin(identity),
      params.agency_id,
      params.template_id,
      requestFacts(event, context),
    ),
  }),
);

export const handler = routeDispatcher({ list, create, update, listAgency, assign, unassign });
