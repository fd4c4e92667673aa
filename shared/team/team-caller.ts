/**
 * Who manages a team, from the request identity. The agency is always the tenant of the host the
 * request came to (never an id from the body), so every team read and write is scoped to it.
 */
import type { RequestIdentity } from '../auth/request-identity.ts';
import { service } from '../data/service.ts';
import { agencyCaller } from '../tenancy/agency-scope.ts';

/** The agency whose team is managed and the user or API key acting on it. */
export interface TeamCaller {
  agency_id: string;
  /** The signed-in user, or null for an API key. */
  user_id: string | null;
  /** The API key, or null for a user. */
  api_key_id: string | null;
}

/** The caller of a team route; 403 AUTH_004 on the platform host, which has no team. */
export function teamCaller(identity: RequestIdentity | null): TeamCaller {
  const { agency_id, principal } = agencyCaller(identity);
  return principal.kind === 'user'
    ? { agency_id, user_id: principal.sub, api_key_id: null }
    : { agency_id, user_id: null, api_key_id: principal.key_id };
}

/** How an invitation names its sender: the user's display name, or the agency for an API key. */
export async function callerName(caller: TeamCaller, agencyName: string): Promise<string> {
  if (!caller.user_id) return agencyName;
  const { data } = await service()
    .entities.user.get({ agency_id: caller.agency_id, id: caller.user_id })
    .go();
  return data?.display_name ?? agencyName;
}
