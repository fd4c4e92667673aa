import { z } from 'zod';
import {
  ClientDetailSchema,
  ClientListItemSchema,
  ClientListQuerySchema,
  ClientParamsSchema,
  CreateClientSchema,
  DeactivateClientQuerySchema,
  DeactivatedClientSchema,
  UpdateClientSchema,
} from '../../clients/schemas.ts';
import { apiHandler, type RouteDefinition } from '../route-types.ts';

const update = {
  handler: apiHandler('clients', 'update'),
  permission: 'clients:update',
  rateLimit: 'standard',
  tag: 'Clients',
  input: { params: ClientParamsSchema, body: UpdateClientSchema },
  output: ClientDetailSchema,
} as const;

/**
 * An agency's clients (PRD §6.3), on the agency's own host. Client users (`clients:read:own`) read
 * only their own client; members read all (PRD §5.4.1). Branding and logo routes under
 * `/clients/{client_id}/branding` live with the brand-kit routes.
 */
export const CLIENT_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/v1/clients',
    handler: apiHandler('clients', 'list'),
    permission: ['clients:list', 'clients:read:own'],
    rateLimit: 'standard',
    summary: 'Clients of the agency (active by default; search, industry filter, sort, paginate)',
    tag: 'Clients',
    input: { query: ClientListQuerySchema },
    output: z.array(ClientListItemSchema),
  },
  {
    method: 'POST',
    path: '/api/v1/clients',
    handler: apiHandler('clients', 'create'),
    permission: 'clients:create',
    rateLimit: 'standard',
    summary: 'Add a client; takes a seat (400 BIZ_001 when the plan has none left)',
    tag: 'Clients',
    input: { body: CreateClientSchema },
    output: ClientDetailSchema,
  },
  {
    method: 'GET',
    path: '/api/v1/clients/{client_id}',
    handler: apiHandler('clients', 'get'),
    permission: ['clients:read', 'clients:read:own'],
    rateLimit: 'standard',
    summary: 'A client with branding, content defaults, social connections and statistics',
    tag: 'Clients',
    input: { params: ClientParamsSchema },
    output: ClientDetailSchema,
  },
  {
    method: 'PUT',
    path: '/api/v1/clients/{client_id}',
    summary: 'Update a client’s details and content defaults (null clears a field)',
    ...update,
  },
  {
    method: 'PATCH',
    path: '/api/v1/clients/{client_id}',
    summary: 'Same as PUT (partial update)',
    ...update,
  },
  {
    method: 'DELETE',
    path: '/api/v1/clients/{client_id}',
    handler: apiHandler('clients', 'deactivate'),
    permission: 'clients:delete',
    rateLimit: 'standard',
    summary: 'Deactivate a client (soft delete); frees its seat',
    tag: 'Clients',
    input: { params: ClientParamsSchema, query: DeactivateClientQuerySchema },
    output: DeactivatedClientSchema,
  },
  {
    method: 'POST',
    path: '/api/v1/clients/{client_id}/reactivate',
    handler: apiHandler('clients', 'reactivate'),
    // Reactivation takes a seat, as creation does, so it needs the same permission.
    permission: 'clients:create',
    rateLimit: 'standard',
    summary: 'Reactivate a client; takes a seat (400 BIZ_001 when the plan has none left)',
    tag: 'Clients',
    input: { params: ClientParamsSchema },
    output: ClientDetailSchema,
  },
];
