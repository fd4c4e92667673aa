/**
 * Appends an audit entry (PRD §4.2.11): to the agency's log when the event belongs to an agency,
 * else to the platform log. The request's id, IP and user agent come from the API event, so every
 * entry can be traced to the request that caused it.
 */
import type { Principal } from '../auth/request-identity.ts';
import type { ACTION_CATEGORIES, AUDIT_STATUSES } from '../data/entities/audit-log-attributes.ts';
import { service } from '../data/service.ts';
import type { ApiContext, ApiEvent } from '../http/types.ts';
import { logger } from '../log.ts';

export interface AuditEntry {
  /** `null` for platform events (super admin actions, platform logins). */
  agency_id: string | null;
  action: string;
  action_category: (typeof ACTION_CATEGORIES)[number];
  resource_type: string;
  resource_id?: string;
  resource_name?: string;
  user_id?: string;
  api_key_id?: string;
  changes?: Record<string, { old: unknown; new: unknown }>;
  metadata?: Record<string, unknown>;
  status?: (typeof AUDIT_STATUSES)[number];
  error_message?: string;
}

/** Request facts every entry carries, from the API Gateway event. */
export function requestFacts(event: ApiEvent, context: Pick<ApiContext, 'requestId'>) {
  return {
    ip_address: event.requestContext.http.sourceIp,
    user_agent: event.headers['user-agent'],
    request_id: context.requestId,
  };
}

/** Request facts as `requestFacts(event, context)` returns them. */
export type AuditRequest = ReturnType<typeof requestFacts>;

/** Who acted, as the audit log records it: a user, or an API key. */
export function auditActor(principal: Principal): Pick<AuditEntry, 'user_id' | 'api_key_id'> {
  return principal.kind === 'user' ? { user_id: principal.sub } : { api_key_id: principal.key_id };
}

/** Records `entry` in the caller's agency log, attributed to the caller's user or API key. */
export function recordAgencyAudit(
  caller: { agency_id: string; principal: Principal },
  entry: Omit<AuditEntry, 'agency_id' | 'user_id' | 'api_key_id'>,
  request: AuditRequest,
): Promise<void> {
  return recordAudit({ ...entry, agency_id: caller.agency_id, ...auditActor(caller.principal) }, request);
}

/**
 * Writes the entry. An audit write that fails is logged, never allowed to fail the action it
 * records (the action already happened).
 */
export async function recordAudit(entry: AuditEntry, request: AuditRequest): Promise<void> {
  const { agency_id, ...fields } = entry;
  const item = { ...fields, ...request };
  try {
    const entities = service().entities;
    if (agency_id) await entities.auditLog.create({ ...item, agency_id }).go();
    else await entities.platformAuditLog.create(item).go();
  } catch (error) {
    logger.error('audit write failed', { error: error as Error, action: entry.action });
  }
}
