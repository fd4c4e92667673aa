/** The agency's audit log (PRD §4.2.11): `GET /api/v1/agency/audit-log`, newest first. */
import { get } from '../api.ts';

export interface AuditEntry {
  readonly id: string;
  readonly created_at: string;
  readonly action: string;
  readonly action_category: string;
  readonly resource_type: string;
  readonly resource_id: string | null;
  readonly resource_name: string | null;
  readonly user_id: string | null;
  readonly api_key_id: string | null;
  readonly status: string;
  readonly error_message: string | null;
  readonly changes: unknown;
  readonly metadata: unknown;
  readonly ip_address: string | null;
  readonly user_agent: string | null;
  readonly request_id: string | null;
}

export interface AuditQuery {
  page?: number;
  per_page?: number;
  action?: string;
  resource_type?: string;
  /** `YYYY-MM-DD` (whole UTC day) or a date-time. */
  from?: string;
  to?: string;
}

export const listAuditLog = (query: AuditQuery) =>
  get<AuditEntry[]>('/api/v1/agency/audit-log', { ...query });
