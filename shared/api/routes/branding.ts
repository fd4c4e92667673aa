import {
  AgencyBrandingBodySchema,
  AgencyBrandingSchema,
  ClientBrandingBodySchema,
  ClientBrandingSchema,
  ClientParamsSchema,
  ResolvedBrandingSchema,
  UploadedImageSchema,
} from '../../branding/schemas.ts';
import { apiHandler, type RouteDefinition } from '../route-types.ts';

/**
 * Brand kits (PRD §6.3, §6.7, §11.1.3), on the agency's own host. Uploads are
 * `multipart/form-data` (`file`, and `type` for logos), read by the handler, so they declare no
 * JSON body schema.
 */
export const BRANDING_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'PUT',
    path: '/api/v1/agency/branding',
    handler: apiHandler('branding', 'updateAgency'),
    permission: 'agency:branding:update',
    rateLimit: 'standard',
    summary: 'Update the agency brand kit: accent colours (#RRGGBB), colour mode, footer text',
    tag: 'Branding',
    input: { body: AgencyBrandingBodySchema },
    output: AgencyBrandingSchema,
  },
  {
    method: 'POST',
    path: '/api/v1/agency/branding/logo',
    handler: apiHandler('branding', 'uploadAgencyLogo'),
    permission: 'agency:branding:update',
    rateLimit: 'standard',
    summary:
      'Upload an agency logo (multipart: file = JPG/PNG/WebP/SVG ≤ 10 MB, type = horizontal|vertical|round|favicon)',
    tag: 'Branding',
    output: UploadedImageSchema,
  },
  {
    method: 'PUT',
    path: '/api/v1/clients/{client_id}/branding',
    handler: apiHandler('branding', 'updateClient'),
    permission: 'clients:update',
    rateLimit: 'standard',
    summary: 'Override a client’s colours or footer (null removes an override: the agency’s applies)',
    tag: 'Branding',
    input: { params: ClientParamsSchema, body: ClientBrandingBodySchema },
    output: ClientBrandingSchema,
  },
  {
    method: 'POST',
    path: '/api/v1/clients/{client_id}/branding/logo',
    handler: apiHandler('branding', 'uploadClientLogo'),
    permission: 'clients:update',
    rateLimit: 'standard',
    summary:
      'Upload a client logo (multipart: file = JPG/PNG/WebP ≤ 10 MB, type = horizontal|vertical|round)',
    tag: 'Branding',
    input: { params: ClientParamsSchema },
    output: UploadedImageSchema,
  },
  {
    method: 'POST',
    path: '/api/v1/clients/{client_id}/branding/cover',
    handler: apiHandler('branding', 'uploadClientCover'),
    permission: 'clients:update',
    rateLimit: 'standard',
    summary: 'Upload a client’s own cover image (multipart: file = JPG/PNG/WebP; Enterprise plans)',
    tag: 'Branding',
    input: { params: ClientParamsSchema },
    output: UploadedImageSchema,
  },
  {
    method: 'GET',
    path: '/api/v1/clients/{client_id}/branding/resolved',
    handler: apiHandler('branding', 'resolved'),
    permission: ['clients:read', 'clients:read:own'],
    rateLimit: 'standard',
    summary: 'The effective brand of a client (client overrides agency) with PDF colours and WCAG AA check',
    tag: 'Branding',
    input: { params: ClientParamsSchema },
    output: ResolvedBrandingSchema,
  },
];
