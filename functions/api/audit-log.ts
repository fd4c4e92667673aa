import { AuditLogQuerySchema, listAuditLog } from '../../shared/audit/list-audit-log.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { agencyCaller } from '../../shared/tenancy/agency-scope.ts';

/** GET /api/v1/agency/audit-log — one page of the host agency's audit log, newest first. */
export const list = apiRoute({ query: AuditLogQuerySchema }, async ({ query, identity }) => {
  const page = await listAuditLog(agencyCaller(identity).agency_id, query);
  return { data: page.entries, pagination: page.pagination };
});

export const handler = routeDispatcher({ list });
