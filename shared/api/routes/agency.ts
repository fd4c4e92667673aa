import {
  AgencySettingsSchema,
  UpdateAgencyBodySchema,
  UpdatedAgencySettingsSchema,
  WebhookSecretAnswerSchema,
} from '../../agencies/schemas.ts';
import { apiHandler, type RouteDefinition } from '../route-types.ts';
import { BRANDING_ROUTES } from './branding.ts';

/** The agency's own settings (PRD §6.7) and its brand kits, on the agency's own host. */
export const AGENCY_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/v1/agency',
    handler: apiHandler('agency', 'get'),
    permission: 'agency:read',
    rateLimit: 'standard',
    summary: 'The agency: plan, subscription, seats and credit usage, brand kit, company info, settings',
    tag: 'Agency',
    output: AgencySettingsSchema,
  },
  {
    method: 'PUT',
    path: '/api/v1/agency',
    handler: apiHandler('agency', 'update'),
    permission: 'agency:update',
    rateLimit: 'standard',
    summary:
      'Update name, company info, social links, time zone (IANA), notification email, webhook URL; the first webhook URL creates its signing secret, shown once as webhook_secret',
    tag: 'Agency',
    input: { body: UpdateAgencyBodySchema },
    output: UpdatedAgencySettingsSchema,
  },
  {
    method: 'POST',
    path: '/api/v1/agency/webhook-secret/rotate',
    handler: apiHandler('agency', 'rotateWebhookSecret'),
    permission: 'agency:update',
    rateLimit: 'standard',
    summary:
      'Replace the webhook signing secret; the new one is shown once, and deliveries are signed with it from now on. 422 VAL_002 without a webhook URL',
    tag: 'Agency',
    output: WebhookSecretAnswerSchema,
  },
  ...BRANDING_ROUTES,
];
