import { z } from 'zod';
import { AuditLogEntrySchema, AuditLogQuerySchema } from '../../audit/list-audit-log.ts';
import { apiHandler, type RouteDefinition } from '../route-types.ts';

/** The agency's audit log (PRD §4.2.11), for its admins. */
export const AUDIT_LOG_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/v1/agency/audit-log',
    handler: apiHandler('audit-log', 'list'),
    // The PRD matrix has no audit permission; `agency:update` is held by agency admins only
    // (and by API keys an admin gave that scope).
    permission: 'agency:update',
    rateLimit: 'standard',
    summary: 'Audit log of the agency, newest first (filter by action, resource type, time range; paginated)',
    tag: 'Audit log',
    input: { query: AuditLogQuerySchema },
    output: z.array(AuditLogEntrySchema),
  },
];
