import { requestFacts } from '../../shared/audit/record-audit.ts';
import { deactivateClient, reactivateClient } from '../../shared/clients/client-activity.ts';
import { toClientDetail } from '../../shared/clients/client-views.ts';
import { clientsCaller } from '../../shared/clients/clients-caller.ts';
import { addClient } from '../../shared/clients/create-client.ts';
import { getClient, listClients } from '../../shared/clients/read-clients.ts';
import {
  ClientListQuerySchema,
  ClientParamsSchema,
  CreateClientSchema,
  DeactivateClientQuerySchema,
  UpdateClientSchema,
} from '../../shared/clients/schemas.ts';
import { updateClient } from '../../shared/clients/update-client.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';

/** GET /api/v1/clients — the clients the caller may see (a client user: only its own). */
export const list = apiRoute({ query: ClientListQuerySchema }, async ({ query, identity }) => {
  const page = await listClients(clientsCaller(identity), query);
  return { data: page.items, pagination: page.pagination };
});

/** POST /api/v1/clients — add a client, taking a seat. */
export const create = apiRoute({ body: CreateClientSchema }, async ({ body, identity, event, context }) => ({
  status: 201,
  data: await addClient(clientsCaller(identity), body, requestFacts(event, context)),
}));

/** GET /api/v1/clients/{client_id} — one client in full. */
export const get = apiRoute({ params: ClientParamsSchema }, async ({ params, identity }) => ({
  data: toClientDetail(await getClient(clientsCaller(identity), params.client_id)),
}));

/** PUT (and PATCH) /api/v1/clients/{client_id} — details and content defaults. */
export const update = apiRoute(
  { params: ClientParamsSchema, body: UpdateClientSchema },
  async ({ params, body, identity, event, context }) => ({
    data: await updateClient(clientsCaller(identity), params.client_id, body, requestFacts(event, context)),
  }),
);

/** DELETE /api/v1/clients/{client_id} — deactivate (soft delete), freeing the seat. */
export const deactivate = apiRoute(
  { params: ClientParamsSchema, query: DeactivateClientQuerySchema },
  async ({ params, query, identity, event, context }) => ({
    data: await deactivateClient(
      clientsCaller(identity),
      params.client_id,
      query.reason,
      requestFacts(event, context),
    ),
  }),
);

/** POST /api/v1/clients/{client_id}/reactivate — take a seat again. */
export const reactivate = apiRoute(
  { params: ClientParamsSchema },
  async ({ params, identity, event, context }) => ({
    data: await reactivateClient(clientsCaller(identity), params.client_id, requestFacts(event, context)),
  }),
);

export const handler = routeDispatcher({ list, create, get, update, deactivate, reactivate });
