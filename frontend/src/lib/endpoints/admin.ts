/** PRD §6.9 super-admin endpoints, served on the platform host only. */
import { del, get, post, put, segment } from '../api.ts';
import type { TemplateSummary } from './templates.ts';

export type SubscriptionStatus = 'active' | 'past_due' | 'canceled' | 'suspended' | 'trial';
export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = [
  'active',
  'trial',
  'past_due',
  'suspended',
  'canceled',
];

export interface AgencySummary {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly plan: { readonly id: string; readonly name: string; readonly display_name: string };
  readonly subscription_status: SubscriptionStatus;
  readonly subscription_ends_at: string | null;
  readonly is_active: boolean;
  readonly seats_used: number;
  readonly seats_limit: number;
  readonly api_usage_current_period_cents: number;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface AgencyDetail extends AgencySummary {
  readonly notes: string | null;
  readonly seats: { used: number; limit: number; available: number; over_limit: boolean };
  readonly usage: {
    api_usage_cents_current_period: number;
    included_api_credits_cents: number;
    period_start: string | null;
    period_end: string | null;
    warning_sent_at: string | null;
  };
  readonly team: { total: number; active: number; active_admins: number; by_role: Record<string, number> };
  readonly clients: { total: number; active: number };
  readonly documents_generated_total: number;
  readonly settings: Record<string, unknown>;
}

export interface CreatedAgency extends AgencyDetail {
  readonly admin: {
    id: string;
    email: string;
    invitation_sent: boolean;
    invitation_expires_at: string | null;
  };
}

export interface AgencyQuery {
  page?: number;
  per_page?: number;
  search?: string;
  plan?: string;
  status?: SubscriptionStatus | '';
  sort?: string;
  order?: 'asc' | 'desc';
}

export interface NewAgency {
  name: string;
  slug: string;
  plan: string;
  admin_email: string;
  admin_first_name?: string;
  admin_last_name?: string;
  notes?: string;
}

export interface AgencyChanges {
  plan?: string;
  subscription_status?: SubscriptionStatus;
  is_active?: boolean;
  notes?: string | null;
}

export interface AdminPlan {
  readonly id: string;
  readonly name: string;
  readonly display_name: string;
  readonly description: string | null;
  readonly price_cents: number;
  readonly billing_period: 'annual' | 'monthly';
  readonly max_seats: number;
  readonly max_templates: number | null;
  readonly custom_domain_allowed: boolean;
  readonly client_image_upload_allowed: boolean;
  readonly api_key_mode: 'byok' | 'included';
  readonly included_api_credits_cents: number;
  readonly badge_text: string | null;
  readonly sort_order: number;
  readonly is_active: boolean;
  readonly is_visible: boolean;
  readonly agencies: { total: number; active: number };
}

export type PlanChanges = Partial<
  Pick<
    AdminPlan,
    | 'display_name'
    | 'description'
    | 'price_cents'
    | 'max_seats'
    | 'max_templates'
    | 'custom_domain_allowed'
    | 'client_image_upload_allowed'
    | 'api_key_mode'
    | 'included_api_credits_cents'
    | 'badge_text'
    | 'is_active'
    | 'is_visible'
  >
>;

export interface UpdatedPlan extends AdminPlan {
  readonly seat_propagation: {
    max_seats: number;
    agencies_updated: number;
    agencies_over_limit: number;
  } | null;
}

export interface SystemStats {
  readonly agencies: { total: number; active: number; by_plan: Record<string, number> };
  readonly clients: { total: number; active: number };
  readonly users: { total: number; active: number };
  readonly super_admins: { total: number; active: number };
}

export const listAgencies = (query: AgencyQuery) =>
  get<AgencySummary[]>('/api/v1/admin/agencies', { ...query });
export const createAgency = (body: NewAgency) => post<CreatedAgency>('/api/v1/admin/agencies', body);
export const getAgency = (id: string) => get<AgencyDetail>(`/api/v1/admin/agencies/${segment(id)}`);
export const updateAgency = (id: string, changes: AgencyChanges) =>
  put<AgencyDetail>(`/api/v1/admin/agencies/${segment(id)}`, changes);

export const listPlans = () => get<AdminPlan[]>('/api/v1/admin/plans');
export const updatePlan = (name: string, changes: PlanChanges) =>
  put<UpdatedPlan>(`/api/v1/admin/plans/${segment(name)}`, changes);

export const systemStats = () => get<SystemStats>('/api/v1/admin/system/stats');

/** A template as super admins see it (`GET /api/v1/admin/templates`): no markup, plus its usage. */
export interface AdminTemplate extends TemplateSummary {
  readonly preview_pdf_url: string | null;
  readonly version: number;
  readonly last_updated: string;
  readonly is_active: boolean;
  readonly has_custom_markup: boolean;
  readonly author: string | null;
  readonly release_notes: string | null;
  readonly sort_order: number;
  readonly published_at: string | null;
  readonly created_at: string;
  /** Pro agencies it is assigned to (Enterprise agencies use every template without rows). */
  readonly assigned_agencies: number;
}

/** Fields an admin may set on a template (`PUT` takes any of them; the code never changes). */
export interface TemplateChanges {
  name?: string;
  description?: string;
  category?: string;
  tags?: string[];
  supports_charts?: boolean;
  supports_statistics?: boolean;
  supports_quotes?: boolean;
  supports_tables?: boolean;
  max_sections?: number;
  is_active?: boolean;
  is_premium?: boolean;
  is_default?: boolean;
  html_template?: string;
  css_template?: string;
}

export interface NewTemplate extends TemplateChanges {
  code: string;
  name: string;
  html_template: string;
  css_template: string;
}

export interface TemplateAssignment {
  readonly template_id: string;
  readonly code: string;
  readonly name: string;
  readonly assigned_at: string;
  readonly assigned_by: string | null;
  readonly notes: string | null;
}

export interface AgencyAssignments {
  readonly agency_id: string;
  /** `null`: the plan includes every template and takes no assignments. */
  readonly max_templates: number | null;
  readonly assigned: TemplateAssignment[];
}

export const listAdminTemplates = () => get<AdminTemplate[]>('/api/v1/admin/templates');
export const createTemplate = (body: NewTemplate) => post<AdminTemplate>('/api/v1/admin/templates', body);
export const updateTemplate = (id: string, changes: TemplateChanges) =>
  put<AdminTemplate>(`/api/v1/admin/templates/${segment(id)}`, changes);

const agencyTemplates = (agencyId: string) => `/api/v1/admin/agencies/${segment(agencyId)}/templates`;
export const listAgencyTemplates = (agencyId: string) => get<AgencyAssignments>(agencyTemplates(agencyId));
export const assignTemplates = (agencyId: string, templateIds: string[]) =>
  post<AgencyAssignments>(agencyTemplates(agencyId), { template_ids: templateIds });
export const unassignTemplate = (agencyId: string, templateId: string) =>
  del<AgencyAssignments>(`${agencyTemplates(agencyId)}/${segment(templateId)}`);
