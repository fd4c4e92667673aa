/**
 * Reading an agency's audit log (`GET /api/v1/agency/audit-log`): newest first, filtered by
 * action, resource type and a time range, in PRD §6.1 pages.
 *
 * Page numbers and `total_items` need every matching entry of the range, so the range is bounded:
 * it defaults to the last 90 days and may span at most 366. Within it the query reads only the
 * agency's entries (its partition, or its by-action index when `action` is given); `resource_type`
 * is a filter on that read.
 */
import { z } from 'zod';
import type { AuditLogItem } from '../data/entities/audit-logs.ts';
import { service } from '../data/service.ts';
import { addSeconds, nowIso } from '../data/time.ts';
import { validationError } from '../http/errors.ts';
import { pageQuery, paginate } from '../http/pagination.ts';
import type { Pagination } from '../http/types.ts';

const DAY_SECONDS = 24 * 60 * 60;
/** The range read when the caller gives no `from`. */
const DEFAULT_RANGE_DAYS = 90;
/** The longest range one request may read. */
const MAX_RANGE_DAYS = 366;

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_.:-]{0,49}$/, 'lowercase letters, digits and _ . : - (at most 50)')
  .optional();

/** A date-time with offset, or a whole UTC day (`2026-01-15`): its first or last millisecond. */
const instant = (edge: 'start' | 'end') =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()])
    .transform((value) =>
      value.length === 10
        ? `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`
        : new Date(value).toISOString(),
    )
    .optional();

/** `GET /api/v1/agency/audit-log` query. */
export const AuditLogQuerySchema = z.object({
  ...pageQuery,
  action: name.describe('e.g. api_key_create, login'),
  resource_type: name.describe('e.g. api_key, user, client'),
  from: instant('start').describe(
    `Oldest entry to include; default ${DEFAULT_RANGE_DAYS} days before \`to\``,
  ),
  to: instant('end').describe('Newest entry to include; default now'),
});

export type AuditLogQuery = z.output<typeof AuditLogQuerySchema>;

/** An audit entry as the API shows it (PRD §4.2.11). */
export const AuditLogEntrySchema = z.object({
  id: z.string(),
  created_at: z.string(),
  action: z.string(),
  action_category: z.string(),
  resource_type: z.string(),
  resource_id: z.string().nullable(),
  resource_name: z.string().nullable(),
  user_id: z.string().nullable(),
  api_key_id: z.string().nullable(),
  status: z.string(),
  error_message: z.string().nullable(),
  changes: z.unknown(),
  metadata: z.unknown(),
  ip_address: z.string().nullable(),
  user_agent: z.string().nullable(),
  request_id: z.string().nullable(),
});

export type AuditLogEntry = z.infer<typeof AuditLogEntrySchema>;

function entry(item: AuditLogItem): AuditLogEntry {
  return {
    id: item.id,
    created_at: item.created_at,
    action: item.action,
    action_category: item.action_category,
    resource_type: item.resource_type,
    resource_id: item.resource_id ?? null,
    resource_name: item.resource_name ?? null,
    user_id: item.user_id ?? null,
    api_key_id: item.api_key_id ?? null,
    status: item.status ?? 'success',
    error_message: item.error_message ?? null,
    changes: item.changes ?? null,
    metadata: item.metadata ?? null,
    ip_address: item.ip_address ?? null,
    user_agent: item.user_agent ?? null,
    request_id: item.request_id ?? null,
  };
}

/** `[from, to]` of the query with defaults; 422 when reversed or longer than allowed. */
function range(query: AuditLogQuery): { from: string; to: string } {
  const to = query.to ?? nowIso();
  const from = query.from ?? addSeconds(to, -DEFAULT_RANGE_DAYS * DAY_SECONDS);
  if (from > to) throw validationError([{ field: 'query.from', message: 'must not be after to' }]);
  if (from < addSeconds(to, -MAX_RANGE_DAYS * DAY_SECONDS))
    throw validationError([
      { field: 'query.from', message: `the range may span at most ${MAX_RANGE_DAYS} days` },
    ]);
  return { from, to };
}

/** One page of the agency's audit log, newest first, with its PRD pagination block. */
export async function listAuditLog(
  agencyId: string,
  query: AuditLogQuery,
): Promise<{ entries: AuditLogEntry[]; pagination: Pagination }> {
  const { from, to } = range(query);
  const logs = service().entities.auditLog;
  // Sort keys continue after `created_at` (`…#id_…` on the table), so an entry stamped exactly
  // `to` sorts above a bound of `to`: read to the next millisecond and trim in memory.
  const bounds = [{ created_at: from }, { created_at: addSeconds(to, 0.001) }] as const;
  const read = query.action
    ? logs.query.byAction({ agency_id: agencyId, action: query.action }).between(...bounds)
    : logs.query.byTime({ agency_id: agencyId }).between(...bounds);
  const filtered = query.resource_type
    ? read.where(({ resource_type }, { eq }) => eq(resource_type, query.resource_type as string))
    : read;
  const { data } = await filtered.go({ order: 'desc', pages: 'all' });
  const matching = data.filter((item) => item.created_at <= to);

  const { items, pagination } = paginate(matching, query.page, query.per_page);
  return { entries: items.map(entry), pagination };
}
