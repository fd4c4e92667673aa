import { createApiKey, listApiKeys, revokeApiKey } from '../../shared/api-keys/manage-api-keys.ts';
import { ApiKeyParamsSchema, CreateApiKeyBodySchema } from '../../shared/api-keys/schemas.ts';
import { requestFacts } from '../../shared/audit/record-audit.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { agencyCaller } from '../../shared/tenancy/agency-scope.ts';

/** GET /api/v1/agency/api-keys/list — the agency's keys, prefix only. */
export const list = apiRoute({}, async ({ identity }) => ({
  data: await listApiKeys(agencyCaller(identity).agency_id),
}));

/** POST /api/v1/agency/api-keys — create a key; the response is the only time it is shown. */
export const create = apiRoute(
  { body: CreateApiKeyBodySchema },
  async ({ body, identity, event, context }) => {
    const caller = agencyCaller(identity);
    return {
      status: 201,
      data: await createApiKey(caller.agency_id, body, caller.principal, requestFacts(event, context)),
      // The body carries a secret: no cache may keep it.
      headers: { 'Cache-Control': 'no-store' },
    };
  },
);

/** DELETE /api/v1/agency/api-keys/{key_id} — revoke a key. */
export const revoke = apiRoute(
  { params: ApiKeyParamsSchema },
  async ({ params, identity, event, context }) => {
    const caller = agencyCaller(identity);
    return {
      data: await revokeApiKey(
        caller.agency_id,
        params.key_id,
        caller.principal,
        requestFacts(event, context),
      ),
    };
  },
);

export const handler = routeDispatcher({ list, create, revoke });
