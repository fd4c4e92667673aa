import {
  agencySettings,
  rotateWebhookSecret as rotateSecret,
  updateAgencySettings,
} from '../../shared/agencies/agency-settings.ts';
import { UpdateAgencyBodySchema } from '../../shared/agencies/schemas.ts';
import { requestFacts } from '../../shared/audit/record-audit.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { agencyCaller } from '../../shared/tenancy/agency-scope.ts';

/** GET /api/v1/agency — the host agency's settings, plan, usage and brand kit. */
export const get = apiRoute({}, async ({ identity }) => ({
  data: await agencySettings(agencyCaller(identity)),
}));

/** PUT /api/v1/agency — name, company info, social links, time zone, notification email, webhook (its secret once). */
export const update = apiRoute(
  { body: UpdateAgencyBodySchema },
  async ({ body, identity, event, context }) => ({
    data: await updateAgencySettings(agencyCaller(identity), body, requestFacts(event, context)),
  }),
);

/** POST /api/v1/agency/webhook-secret/rotate — a new webhook signing secret, shown once. */
export const rotateWebhookSecret = apiRoute({}, async ({ identity, event, context }) => ({
  data: await rotateSecret(agencyCaller(identity), requestFacts(event, context)),
}));

export const handler = routeDispatcher({ get, update, rotateWebhookSecret });
