import { requestFacts } from '../../shared/audit/record-audit.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import {
  testAgencyProviderKey,
  updateProviderKeys,
} from '../../shared/provider-keys/manage-provider-keys.ts';
import { TestProviderKeySchema, UpdateProviderKeysSchema } from '../../shared/provider-keys/schemas.ts';
import { agencyCaller } from '../../shared/tenancy/agency-scope.ts';

/** PUT /api/v1/agency/api-keys — store (encrypted) or remove the agency's Anthropic/Freepik keys. */
export const update = apiRoute(
  { body: UpdateProviderKeysSchema },
  async ({ body, identity, event, context }) => {
    const caller = agencyCaller(identity);
    return {
      data: await updateProviderKeys(caller.agency_id, body, caller.principal, requestFacts(event, context)),
    };
  },
);

/** POST /api/v1/agency/api-keys/test — ask the provider whether the supplied or stored key works. */
export const test = apiRoute({ body: TestProviderKeySchema }, async ({ body, identity, event, context }) => {
  const caller = agencyCaller(identity);
  return {
    data: await testAgencyProviderKey(caller.agency_id, body, caller.principal, requestFacts(event, context)),
  };
});

export const handler = routeDispatcher({ update, test });
