/**
 * Request and response shapes of the super-admin endpoints (PRD §6.9, fields of §4.2.1–4.2.2),
 * shared by the route table (validation, OpenAPI) and the handlers.
 */
import { z } from 'zod';
import { SLUG } from '../data/attributes.ts';
import { SUBSCRIPTION_STATUSES } from '../data/entities/agencies.ts';
import { API_KEY_MODES, PLAN_NAMES } from '../data/entities/plans.ts';
import { booleanQuery, pageQuery, sortOrder } from '../http/pagination.ts';
import { PublicPlanSchema } from '../plans/public-plans.ts';

const personName = z.string().trim().min(1).max(100);
const notes = z.string().trim().max(5000);

/** A plan named by `plan` (its name) or `plan_id`; at most one of the two. */
const planChoice = {
  plan: z.enum(PLAN_NAMES).optional().describe('Plan name, e.g. pro_monthly'),
  plan_id: z.string().min(1).max(64).optional().describe('Plan id (PRD); alternative to `plan`'),
};

/** `{agency_id}` of the agency routes. */
export const AgencyParamsSchema = z.object({ agency_id: z.string().min(1).max(64) });

/** `{name}` of the plan routes. */
export const PlanParamsSchema = z.object({ name: z.string().min(1).max(50) });

/** Sort fields of the agencies list. */
export const AGENCY_SORT_FIELDS = [
  'created_at',
  'name',
  'slug',
  'plan',
  'subscription_status',
  'seats_used',
  'api_usage_current_period_cents',
] as const;

/** `GET /api/v1/admin/agencies` query. */
export const AgencyListQuerySchema = z.object({
  ...pageQuery,
  search: z.string().trim().min(1).max(100).optional().describe('In name and slug'),
  plan: z.enum(PLAN_NAMES).optional(),
  status: z.enum(SUBSCRIPTION_STATUSES).optional().describe('subscription_status'),
  is_active: booleanQuery.optional(),
  sort: z.enum(AGENCY_SORT_FIELDS).default('created_at'),
  order: sortOrder.default('desc'),
});
export type AgencyListQuery = z.infer<typeof AgencyListQuerySchema>;

/** An agency in the admin list. */
export const AgencySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  plan: z.object({ id: z.string(), name: z.string(), display_name: z.string() }),
  subscription_status: z.enum(SUBSCRIPTION_STATUSES),
  subscription_ends_at: z.string().nullable(),
  is_active: z.boolean(),
  seats_used: z.number().int(),
  seats_limit: z.number().int(),
  api_usage_current_period_cents: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AgencySummary = z.infer<typeof AgencySummarySchema>;

/** The admin view of one agency: the summary plus seats, usage, counts, notes and settings. */
export const AgencyDetailSchema = AgencySummarySchema.extend({
  notes: z.string().nullable(),
  seats: z.object({
    used: z.number().int(),
    limit: z.number().int(),
    available: z.number().int(),
    /** True after a downgrade below current usage: no new client until enough are deactivated. */
    over_limit: z.boolean(),
  }),
  usage: z.object({
    api_usage_cents_current_period: z.number().int(),
    included_api_credits_cents: z.number().int(),
    period_start: z.string().nullable(),
    period_end: z.string().nullable(),
    warning_sent_at: z.string().nullable(),
  }),
  team: z.object({
    total: z.number().int(),
    active: z.number().int(),
    active_admins: z.number().int(),
    by_role: z.record(z.string(), z.number().int()),
  }),
  clients: z.object({ total: z.number().int(), active: z.number().int() }),
  documents_generated_total: z.number().int(),
  settings: z
    .record(z.string(), z.unknown())
    .describe(
      'Every other agency setting (branding, company, domain, billing refs); secrets are never shown',
    ),
});
export type AgencyDetail = z.infer<typeof AgencyDetailSchema>;

/**
 * `POST /api/v1/admin/agencies` body. The first admin is named by `admin_first_name` /
 * `admin_last_name`, or by the PRD's single `admin_name` (split at the first space).
 */
export const CreateAgencySchema = z
  .object({
    name: z.string().trim().min(1).max(255),
    slug: z.string().min(1).max(100).regex(SLUG, 'Lowercase letters, digits and inner hyphens only'),
    ...planChoice,
    admin_email: z.email().max(255),
    admin_first_name: personName.optional(),
    admin_last_name: personName.optional(),
    admin_name: z.string().trim().min(1).max(200).optional(),
    notes: notes.optional(),
  })
  .refine((body) => (body.plan === undefined) !== (body.plan_id === undefined), {
    path: ['plan'],
    message: 'Name the plan with exactly one of plan or plan_id',
  });
export type CreateAgency = z.infer<typeof CreateAgencySchema>;

/** The created agency and its invited first admin. */
export const CreatedAgencySchema = AgencyDetailSchema.extend({
  admin: z.object({
    id: z.string(),
    email: z.string(),
    invitation_sent: z.boolean(),
    invitation_expires_at: z.string().nullable(),
  }),
});

/** `PUT /api/v1/admin/agencies/{agency_id}` body; `notes: null` clears the notes. */
export const UpdateAgencySchema = z
  .object({
    ...planChoice,
    subscription_status: z.enum(SUBSCRIPTION_STATUSES).optional(),
    is_active: z.boolean().optional(),
    notes: notes.nullable().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Nothing to update',
  })
  .refine((body) => body.plan === undefined || body.plan_id === undefined, {
    path: ['plan'],
    message: 'Name the plan with plan or plan_id, not both',
  });
export type UpdateAgency = z.infer<typeof UpdateAgencySchema>;

/** A plan as super admins see it: every field, plus how many agencies are on it. */
export const AdminPlanSchema = PublicPlanSchema.extend({
  id: z.string(),
  sort_order: z.number().int(),
  is_active: z.boolean(),
  is_visible: z.boolean(),
  agencies: z.object({ total: z.number().int(), active: z.number().int() }),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AdminPlan = z.infer<typeof AdminPlanSchema>;

/** `PUT /api/v1/admin/plans/{name}` body; `null` clears an optional field. */
export const UpdatePlanSchema = z
  .object({
    display_name: z.string().trim().min(1).max(100).optional(),
    description: z.string().trim().min(1).max(2000).nullable().optional(),
    price_cents: z.number().int().min(0).optional(),
    max_seats: z.number().int().min(1).optional(),
    max_templates: z.number().int().min(1).nullable().optional().describe('null = every template'),
    custom_domain_allowed: z.boolean().optional(),
    client_image_upload_allowed: z.boolean().optional(),
    api_key_mode: z.enum(API_KEY_MODES).optional(),
    included_api_credits_cents: z.number().int().min(0).optional(),
    sort_order: z.number().int().optional(),
    badge_text: z.string().trim().min(1).max(50).nullable().optional(),
    is_active: z.boolean().optional(),
    is_visible: z.boolean().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Nothing to update',
  });
export type UpdatePlan = z.infer<typeof UpdatePlanSchema>;

/** The outcome of copying a plan's new `max_seats` onto its agencies. */
export const SeatPropagationSchema = z.object({
  max_seats: z.number().int(),
  agencies_updated: z.number().int(),
  /** Agencies now using more seats than the plan allows (they keep their clients). */
  agencies_over_limit: z.number().int(),
});
export type SeatPropagation = z.infer<typeof SeatPropagationSchema>;

/** The updated plan, and the seat propagation when `max_seats` changed. */
export const UpdatedPlanSchema = AdminPlanSchema.extend({
  seat_propagation: SeatPropagationSchema.nullable(),
});

const count = z.object({ total: z.number().int(), active: z.number().int() });

/** `GET /api/v1/admin/system/stats`: the maintained platform counters. */
export const SystemStatsSchema = z.object({
  agencies: count.extend({
    by_plan: z.record(z.string(), z.number().int()).describe('Active agencies per plan'),
  }),
  clients: count,
  users: count.describe('Agency users of every role (client-portal users included)'),
  super_admins: count,
});
export type SystemStats = z.infer<typeof SystemStatsSchema>;
