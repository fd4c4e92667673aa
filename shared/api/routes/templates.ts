import { z } from 'zod';
import {
  TemplateCodeParamsSchema,
  TemplateDetailSchema,
  TemplateSummarySchema,
} from '../../templates/schemas.ts';
import { apiHandler, type RouteDefinition } from '../route-types.ts';

/** Templates an agency may use (PRD §6.6), on the agency's own host. */
export const TEMPLATE_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'GET',
    path: '/api/v1/templates',
    handler: apiHandler('templates', 'list'),
    permission: 'templates:list',
    rateLimit: 'standard',
    summary: 'Templates available to the agency (Enterprise: all active; Pro: assigned, never premium)',
    tag: 'Templates',
    output: z.array(TemplateSummarySchema),
  },
  {
    method: 'GET',
    path: '/api/v1/templates/{template_code}',
    handler: apiHandler('templates', 'get'),
    permission: 'templates:read',
    rateLimit: 'standard',
    summary: 'One template by code; 403 BIZ_002 when the agency may not use it',
    tag: 'Templates',
    input: { params: TemplateCodeParamsSchema },
    output: TemplateDetailSchema,
  },
  {
    method: 'GET',
    path: '/api/v1/templates/{template_code}/preview.pdf',
    handler: apiHandler('template-previews', 'previewPdf'),
    permission: 'templates:read',
    rateLimit: 'standard',
    summary:
      'The template with sample content in the agency’s brand (cached; ETag/If-None-Match); 403 BIZ_002 when not available',
    tag: 'Templates',
    input: { params: TemplateCodeParamsSchema },
    produces: 'application/pdf',
  },
  {
    method: 'GET',
    path: '/api/v1/templates/{template_code}/preview.png',
    handler: apiHandler('template-previews', 'previewPng'),
    permission: 'templates:read',
    rateLimit: 'standard',
    summary: 'Thumbnail of the preview’s cover page for the gallery (cached like the PDF)',
    tag: 'Templates',
    input: { params: TemplateCodeParamsSchema },
    produces: 'image/png',
  },
];
