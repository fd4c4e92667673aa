/**
 * Audit entries (PRD §4.2.11) of changes to an agency's settings and brand kits, in the agency's
 * own log, attributed to the user or API key that made them.
 */
import { type AuditEntry, type AuditRequest, recordAgencyAudit } from '../audit/record-audit.ts';
import type { Principal } from '../auth/request-identity.ts';

export type { AuditRequest };

/** Settings and brand-kit actions the audit log records. */
export type SettingsAuditAction =
  | 'agency_update'
  | 'agency_webhook_secret_rotate'
  | 'agency_branding_update'
  | 'agency_logo_upload'
  | 'client_branding_update'
  | 'client_logo_upload'
  | 'client_cover_upload';

/** Records `action` on `resource` in the agency's log. */
export function recordSettingsAudit(
  actor: { agency_id: string; principal: Principal },
  action: SettingsAuditAction,
  resource: { type: 'agency' | 'client'; id: string; name: string },
  details: Pick<AuditEntry, 'changes' | 'metadata'>,
  request: AuditRequest,
): Promise<void> {
  return recordAgencyAudit(
    actor,
    {
      ...details,
      action,
      action_category: 'resource',
      resource_type: resource.type,
      resource_id: resource.id,
      resource_name: resource.name,
    },
    request,
  );
}

/** `{field: {old, new}}` for the fields of `update` whose value differs from `before`. */
export function changesOf(
  before: Record<string, unknown>,
  update: Record<string, unknown>,
): Record<string, { old: unknown; new: unknown }> {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const [field, value] of Object.entries(update)) {
    const old = before[field] ?? null;
    if (old !== value) changes[field] = { old, new: value };
  }
  return changes;
}
