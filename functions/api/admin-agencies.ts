import { platformAdmin } from '../../shared/admin/admin-caller.ts';
import { agencyDetail, listAgencies } from '../../shared/admin/agency-directory.ts';
import { onboardAgency } from '../../shared/admin/onboard-agency.ts';
import {
  AgencyListQuerySchema,
  AgencyParamsSchema,
  CreateAgencySchema,
  UpdateAgencySchema,
} from '../../shared/admin/schemas.ts';
import { updateAgency } from '../../shared/admin/update-agency.ts';
import { requestFacts } from '../../shared/audit/record-audit.ts';
import { requestOrigin } from '../../shared/auth/request-origin.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';

/** GET /api/v1/admin/agencies — every agency, searched, filtered, sorted and paginated. */
export const list = apiRoute({ query: AgencyListQuerySchema }, async ({ query, identity }) => {
  platformAdmin(identity);
  const page = await listAgencies(query);
  return { data: page.items, pagination: page.pagination };
});

/** POST /api/v1/admin/agencies — a new agency and its invited first admin. */
export const create = apiRoute({ body: CreateAgencySchema }, async ({ body, identity, event, context }) => ({
  status: 201,
  data: await onboardAgency(platformAdmin(identity), body, {
    platformOrigin: requestOrigin(event.headers),
    request: requestFacts(event, context),
  }),
}));

/** GET /api/v1/admin/agencies/{agency_id} — the admin view of one agency. */
export const get = apiRoute({ params: AgencyParamsSchema }, async ({ params, identity }) => {
  platformAdmin(identity);
  return { data: await agencyDetail(params.agency_id) };
});

/** PUT /api/v1/admin/agencies/{agency_id} — plan, subscription status, activity, notes. */
export const update = apiRoute(
  { params: AgencyParamsSchema, body: UpdateAgencySchema },
  async ({ params, body, identity, event, context }) => ({
    data: await updateAgency(platformAdmin(identity), params.agency_id, body, requestFacts(event, context)),
  }),
);

export const handler = routeDispatcher({ list, create, get, update });
