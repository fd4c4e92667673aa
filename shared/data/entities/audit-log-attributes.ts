/**
 * The PRD §4.2.11 `audit_logs` columns shared by the agency audit log (`audit-logs.ts`) and the
 * platform audit log (`platform-audit-logs.ts`): the PRD's one table mixes events of an agency with
 * platform events that have no agency, and only the former can be keyed by a tenant.
 * Entries are append-only: written with `create`, never updated.
 */
import { createdAt, id } from '../attributes.ts';

/** Audit action groups (PRD §4.2.11 `action_category`). */
export const ACTION_CATEGORIES = ['auth', 'resource', 'generation', 'distribution', 'admin'] as const;
/** Outcome of an audited action. */
export const AUDIT_STATUSES = ['success', 'failure', 'partial'] as const;

/** Attributes common to both audit entities. */
export const auditLogAttributes = () =>
  ({
    id: id(),
    /** Absent when the system acted. */
    user_id: { type: 'string' },
    /** Set when the action came through an API key. */
    api_key_id: { type: 'string' },
    /** e.g. create, update, delete, login, logout, generate, distribute, api_key_create. */
    action: { type: 'string', required: true },
    action_category: { type: ACTION_CATEGORIES, required: true },
    /** e.g. user, client, document, agency, template, api_key. */
    resource_type: { type: 'string', required: true },
    resource_id: { type: 'string' },
    /** Human-readable name, kept for resources that are later deleted. */
    resource_name: { type: 'string' },
    /** For updates: `{ field: { old, new } }`. */
    changes: { type: 'any' },
    /** Extra context, e.g. `{ reason, source, duration_ms }`. */
    metadata: { type: 'any' },
    status: { type: AUDIT_STATUSES, default: 'success' },
    error_message: { type: 'string' },
    ip_address: { type: 'string' },
    user_agent: { type: 'string' },
    request_id: { type: 'string' },
    created_at: createdAt(),
  }) as const;
