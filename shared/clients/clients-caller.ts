/**
 * Who acts on an agency's clients, from the request identity: the agency is always the tenant of
 * the host (never an id from the request), and a caller holding only `clients:read:own` (a client
 * user, PRD §5.4.3) is confined to its own client.
 */
import { satisfies } from '../auth/permissions.ts';
import { grantedPermissions, type Principal, type RequestIdentity } from '../auth/request-identity.ts';
import { agencyCaller } from '../tenancy/agency-scope.ts';

/** The agency whose clients are read or changed, and what the caller may see of them. */
export interface ClientsCaller {
  agency_id: string;
  principal: Principal;
  /**
   * `null` when the caller may see every client of the agency; otherwise the one client it may
   * see (`{ client_id: null }` for a client user bound to no client: it sees none).
   */
  own: { client_id: string | null } | null;
}

/** The caller of a client route; 403 AUTH_004 on the platform host, which has no clients. */
export function clientsCaller(identity: RequestIdentity | null): ClientsCaller {
  const { agency_id, principal } = agencyCaller(identity);
  const seesAll = satisfies(grantedPermissions(principal), ['clients:list', 'clients:read']);
  const ownClient = principal.kind === 'user' ? (principal.client_id ?? null) : null;
  return { agency_id, principal, own: seesAll ? null : { client_id: ownClient } };
}

/** True when the caller may see client `clientId` of its agency. */
export function maySee(caller: ClientsCaller, clientId: string): boolean {
  return caller.own === null || caller.own.client_id === clientId;
}
