/**
 * Who acts on an agency's documents (PRD §5.4.3 `_check_document_access`): the agency is the
 * host's tenant, a caller holding only the `:own` document permissions (a client user) is confined
 * to its own client's documents, and the action-specific rules (members never delete, nor edit a
 * distributed document) are decided here, from the role matrix, for every document route.
 */
import { satisfies } from '../auth/permissions.ts';
import { grantedPermissions, type Principal, type RequestIdentity } from '../auth/request-identity.ts';
import type { DocumentItem } from '../data/entities/documents.ts';
import { ApiError } from '../http/errors.ts';
import { agencyCaller } from '../tenancy/agency-scope.ts';

/** The agency whose documents are read or changed, and what the caller may do with them. */
export interface DocumentsCaller {
  agency_id: string;
  principal: Principal;
  /**
   * `null` when the caller may see every document of the agency; otherwise the one client whose
   * documents it may see (`{ client_id: null }`: a client user bound to no client sees none).
   */
  own: { client_id: string | null } | null;
  /** `documents:update`: edit any document, distributed ones included (PRD: admins). */
  mayEditDistributed: boolean;
}

/** The caller of a document route; 403 AUTH_004 on the platform host, which has no documents. */
export function documentsCaller(identity: RequestIdentity | null): DocumentsCaller {
  const { agency_id, principal } = agencyCaller(identity);
  const granted = grantedPermissions(principal);
  // Only the `:own` permissions confine a caller to one client; the route's permission decides
  // what it may do at all (a key scoped to `documents:create` may start runs, not read them).
  const seesAll = satisfies(granted, ['documents:list', 'documents:read', 'documents:create']);
  const ownClient = principal.kind === 'user' ? (principal.client_id ?? null) : null;
  return {
    agency_id,
    principal,
    own: seesAll ? null : { client_id: ownClient },
    mayEditDistributed: satisfies(granted, 'documents:update'),
  };
}

/** True when the caller may see (or generate for) client `clientId`'s documents. */
export function maySeeClient(caller: DocumentsCaller, clientId: string): boolean {
  return caller.own === null || caller.own.client_id === clientId;
}

/** The user id to record as author, or undefined for an API key. */
export function actingUserId(caller: DocumentsCaller): string | undefined {
  return caller.principal.kind === 'user' ? caller.principal.sub : undefined;
}

/**
 * PRD §5.4.3: a member may edit a document unless it has been distributed (a published text must
 * not change under its readers without an admin's decision). 403 AUTH_004 otherwise.
 */
export function assertMayEdit(caller: DocumentsCaller, document: Pick<DocumentItem, 'status'>): void {
  if (document.status === 'distributed' && !caller.mayEditDistributed) {
    throw new ApiError('AUTH_004', {
      message: 'A distributed document can only be edited by an agency admin',
    });
  }
}
