/**
 * Agencies as super admins see them (PRD §6.9): the list with search, filters, sorting and
 * pagination, and one agency's detail with its seats, usage, team and clients.
 *
 * Every agency is listed from the `byUsagePeriodEnd` index (gsi3): its partition holds every
 * agency that has a usage period, and `createAgency` starts one for every agency, so it is the
 * all-agencies collection without a table scan. A platform has hundreds of agencies, so search,
 * filters and sorting run in memory on that one read.
 */

import type { AgencyItem } from '../data/entities/agencies.ts';
import type { PlanItem } from '../data/entities/plans.ts';
import { service } from '../data/service.ts';
import { notFound } from '../http/errors.ts';
import { matchesSearch, paginate, sortBy } from '../http/pagination.ts';
import { activeAdminCount } from '../team/active-admins.ts';
import { plansById } from './plan-lookup.ts';
import type { AgencyDetail, AgencyListQuery, AgencySummary } from './schemas.ts';

/** Every agency on the platform (see the module comment for why this is not a scan). */
export async function allAgencies(): Promise<AgencyItem[]> {
  const { data } = await service().entities.agency.query.byUsagePeriodEnd({}).go({ pages: 'all' });
  return data;
}

function planRef(plans: Map<string, PlanItem>, planId: string) {
  const plan = plans.get(planId);
  return { id: planId, name: plan?.name ?? 'unknown', display_name: plan?.display_name ?? 'Unknown plan' };
}

function toSummary(agency: AgencyItem, plans: Map<string, PlanItem>): AgencySummary {
  return {
    id: agency.id,
    name: agency.name,
    slug: agency.slug,
    plan: planRef(plans, agency.plan_id),
    subscription_status: agency.subscription_status,
    subscription_ends_at: agency.subscription_current_period_end ?? null,
    is_active: agency.is_active,
    seats_used: agency.active_client_count,
    seats_limit: agency.max_seats,
    api_usage_current_period_cents: agency.api_usage_cents_current_period,
    created_at: agency.created_at,
    updated_at: agency.updated_at,
  };
}

/** The agencies matching `query`, sorted and paginated. */
export async function listAgencies(query: AgencyListQuery) {
  const [agencies, plans] = await Promise.all([allAgencies(), plansById()]);
  const matching = agencies
    .map((agency) => toSummary(agency, plans))
    .filter(
      (agency) =>
        matchesSearch(query.search, [agency.name, agency.slug]) &&
        (query.plan === undefined || agency.plan.name === query.plan) &&
        (query.status === undefined || agency.subscription_status === query.status) &&
        (query.is_active === undefined || agency.is_active === query.is_active),
    );
  const sorted = sortBy(
    matching,
    (agency) => (query.sort === 'plan' ? agency.plan.name : agency[query.sort]),
    query.order,
  );
  return paginate(sorted, query.page, query.per_page);
}

/** Attributes shown in the summary or the detail blocks, or secret: not repeated in `settings`. */
const NOT_SETTINGS = new Set<string>([
  'id',
  'name',
  'slug',
  'plan_id',
  'subscription_status',
  'subscription_current_period_end',
  'is_active',
  'active_client_count',
  'max_seats',
  'api_usage_cents_current_period',
  'api_usage_period_start',
  'api_usage_period_end',
  'api_usage_warning_sent_at',
  'notes',
  'created_at',
  'updated_at',
]);

/** Encrypted secrets (BYOK keys, OAuth apps, webhook signing secret) never leave the data layer through this view. */
const isSecret = (attribute: string) => attribute.endsWith('_encrypted');

/** The agency `agencyId` with its plan, seats, usage, team and client counts; 404 when absent. */
export async function agencyDetail(agencyId: string): Promise<AgencyDetail> {
  const entities = service().entities;
  const { data: agency } = await entities.agency.get({ id: agencyId }).go({ consistent: true });
  if (!agency) throw notFound('Agency');
  const [plans, users, clients, activeAdmins] = await Promise.all([
    plansById(),
    entities.user.query.byId({ agency_id: agencyId }).go({ pages: 'all' }),
    entities.client.query.byId({ agency_id: agencyId }).go({ pages: 'all' }),
    activeAdminCount(agencyId),
  ]);
  const plan = plans.get(agency.plan_id);
  const byRole: Record<string, number> = {};
  for (const user of users.data) if (user.is_active) byRole[user.role] = (byRole[user.role] ?? 0) + 1;
  const settings = Object.fromEntries(
    Object.entries(agency).filter(([attribute]) => !NOT_SETTINGS.has(attribute) && !isSecret(attribute)),
  );
  return {
    ...toSummary(agency, plans),
    notes: agency.notes ?? null,
    seats: {
      used: agency.active_client_count,
      limit: agency.max_seats,
      available: Math.max(0, agency.max_seats - agency.active_client_count),
      over_limit: agency.active_client_count > agency.max_seats,
    },
    usage: {
      api_usage_cents_current_period: agency.api_usage_cents_current_period,
      included_api_credits_cents: plan?.included_api_credits_cents ?? 0,
      period_start: agency.api_usage_period_start ?? null,
      period_end: agency.api_usage_period_end ?? null,
      warning_sent_at: agency.api_usage_warning_sent_at ?? null,
    },
    team: {
      total: users.data.length,
      active: users.data.filter((user) => user.is_active).length,
      active_admins: activeAdmins,
      by_role: byRole,
    },
    clients: {
      total: clients.data.length,
      active: clients.data.filter((client) => client.is_active).length,
    },
    documents_generated_total: clients.data.reduce(
      (sum, client) => sum + client.total_documents_generated,
      0,
    ),
    settings,
  };
}
