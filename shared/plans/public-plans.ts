import { z } from 'zod';
import type { PlanItem } from '../data/entities/plans.ts';
import { service } from '../data/service.ts';

/** A plan as public pricing shows it (PRD §4.2.1 display fields and limits). */
export const PublicPlanSchema = z.object({
  name: z.string(),
  display_name: z.string(),
  description: z.string().nullable(),
  price_cents: z.number().int(),
  billing_period: z.enum(['annual', 'monthly']),
  max_seats: z.number().int(),
  max_templates: z.number().int().nullable().describe('null = every template'),
  custom_domain_allowed: z.boolean(),
  client_image_upload_allowed: z.boolean(),
  api_key_mode: z.enum(['byok', 'included']),
  included_api_credits_cents: z.number().int(),
  badge_text: z.string().nullable(),
});

export type PublicPlan = z.infer<typeof PublicPlanSchema>;

/** The public view of a plan: what pricing shows (the admin view adds status and counts). */
export function toPublicPlan(plan: PlanItem): PublicPlan {
  return {
    name: plan.name,
    display_name: plan.display_name,
    description: plan.description ?? null,
    price_cents: plan.price_cents,
    billing_period: plan.billing_period,
    max_seats: plan.max_seats,
    max_templates: plan.max_templates ?? null,
    custom_domain_allowed: plan.custom_domain_allowed,
    client_image_upload_allowed: plan.client_image_upload_allowed,
    api_key_mode: plan.api_key_mode,
    included_api_credits_cents: plan.included_api_credits_cents,
    badge_text: plan.badge_text ?? null,
  };
}

/** Active, visible plans in display order (PRD: hidden plans stay out of public pricing). */
export async function listPublicPlans(): Promise<PublicPlan[]> {
  const { data } = await service().entities.plan.query.byName({}).go({ pages: 'all' });
  return data
    .filter((plan) => plan.is_active && plan.is_visible)
    .sort((a, b) => a.sort_order - b.sort_order)
    .map(toPublicPlan);
}
