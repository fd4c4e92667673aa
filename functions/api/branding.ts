import { agencySettingsView } from '../../shared/agencies/agency-settings.ts';
import { requestFacts } from '../../shared/audit/record-audit.ts';
import * as uploads from '../../shared/branding/logo-uploads.ts';
import { resolvedClientBranding } from '../../shared/branding/resolve-branding.ts';
import {
  AgencyBrandingBodySchema,
  ClientBrandingBodySchema,
  ClientParamsSchema,
} from '../../shared/branding/schemas.ts';
import { updateAgencyBranding, updateClientBranding } from '../../shared/branding/update-branding.ts';
import { clientsCaller } from '../../shared/clients/clients-caller.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { agencyCaller } from '../../shared/tenancy/agency-scope.ts';

/** PUT /api/v1/agency/branding — colours, colour mode, footer; answers the brand kit. */
export const updateAgency = apiRoute(
  { body: AgencyBrandingBodySchema },
  async ({ body, identity, event, context }) => {
    const agency = await updateAgencyBranding(agencyCaller(identity), body, requestFacts(event, context));
    return { data: agencySettingsView(agency, null).branding };
  },
);

/** POST /api/v1/agency/branding/logo — multipart `file` + `type`. */
export const uploadAgencyLogo = apiRoute({}, async ({ identity, event, context }) => ({
  status: 201,
  data: await uploads.uploadAgencyLogo(agencyCaller(identity), event, requestFacts(event, context)),
}));

/** PUT /api/v1/clients/{client_id}/branding — colour and footer overrides (`null` inherits). */
export const updateClient = apiRoute(
  { params: ClientParamsSchema, body: ClientBrandingBodySchema },
  async ({ params, body, identity, event, context }) => ({
    data: await updateClientBranding(
      clientsCaller(identity),
      params.client_id,
      body,
      requestFacts(event, context),
    ),
  }),
);

/** POST /api/v1/clients/{client_id}/branding/logo — multipart `file` + `type`. */
export const uploadClientLogo = apiRoute(
  { params: ClientParamsSchema },
  async ({ params, identity, event, context }) => ({
    status: 201,
    data: await uploads.uploadClientLogo(
      clientsCaller(identity),
      params.client_id,
      event,
      requestFacts(event, context),
    ),
  }),
);

/** POST /api/v1/clients/{client_id}/branding/cover — multipart `file` (Enterprise). */
export const uploadClientCover = apiRoute(
  { params: ClientParamsSchema },
  async ({ params, identity, event, context }) => ({
    status: 201,
    data: await uploads.uploadClientCover(
      clientsCaller(identity),
      params.client_id,
      event,
      requestFacts(event, context),
    ),
  }),
);

/** GET /api/v1/clients/{client_id}/branding/resolved — effective brand, PDF colours, contrast. */
export const resolved = apiRoute({ params: ClientParamsSchema }, async ({ params, identity }) => ({
  data: await resolvedClientBranding(clientsCaller(identity), params.client_id),
}));

export const handler = routeDispatcher({
  updateAgency,
  uploadAgencyLogo,
  updateClient,
  uploadClientLogo,
  uploadClientCover,
  resolved,
});
