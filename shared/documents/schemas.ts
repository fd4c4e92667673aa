/**
 * Request and response shapes of the document endpoints (PRD §6.4, fields of §4.2.7), shared by
 * the route table (validation, OpenAPI) and the handlers.
 */
import { z } from 'zod';
import { TONES } from '../data/attributes.ts';
import { DOCUMENT_STATUSES } from '../data/entities/documents.ts';
import { GENERATION_STEPS } from '../generation/steps.ts';
import { pageQuery, sortOrder } from '../http/pagination.ts';
import { TEMPLATE_CODE } from '../templates/schemas.ts';

const text = (max: number) => z.string().trim().min(1, 'Must not be empty').max(max);
const phrases = (maxItems: number) => z.array(text(100)).max(maxItems);
const id = z.string().min(1).max(64);

/** The four social channels' on/off flags (PRD §6.4 `distribution_channels`). */
const ChannelFlagsSchema = z.strictObject({
  linkedin: z.boolean().optional(),
  facebook: z.boolean().optional(),
  twitter: z.boolean().optional(),
  google_business: z.boolean().optional(),
});

/**
 * `POST /api/v1/clients/{client_id}/documents/generate` (PRD §6.4). Left-out tone, keywords,
 * services and additional context take the client's content defaults; a left-out template the
 * agency's default.
 */
export const GenerateDocumentSchema = z
  .object({
    topic: z.string().trim().min(3, 'Topic must be at least 3 characters').max(500),
    tone: z.enum(TONES).optional(),
    template_code: z
      .string()
      .transform((code) => code.toUpperCase())
      .pipe(z.string().regex(TEMPLATE_CODE, 'Use A–Z, 0–9 and _ (at most 50), e.g. EXEC_01'))
      .optional(),
    keywords: phrases(30).optional(),
    related_services: phrases(30).optional(),
    custom_direction: text(2000).optional(),
    additional_context: text(5000).optional(),
    cover_image_search: text(200).optional(),
    auto_distribute: z.boolean().default(false),
    distribution_channels: ChannelFlagsSchema.optional(),
  })
  .refine((body) => !body.auto_distribute || Object.values(body.distribution_channels ?? {}).some(Boolean), {
    path: ['distribution_channels'],
    message: 'auto_distribute needs at least one channel switched on',
  });
export type GenerateDocumentInput = z.infer<typeof GenerateDocumentSchema>;

export const ClientDocumentsParamsSchema = z.object({ client_id: id });
export const DocumentParamsSchema = z.object({ document_id: id });

/** `202` answer of the generate endpoint. */
export const GenerationStartedSchema = z.object({
  document_id: z.string(),
  job_id: z.string(),
  status: z.literal('pending'),
  estimated_duration_seconds: z.number().int(),
  /** Full URL to open; add `token=<access token>` to its query. */
  websocket_url: z.string(),
  polling_url: z.string(),
});
export type GenerationStarted = z.infer<typeof GenerationStartedSchema>;

const stepId = z.enum(GENERATION_STEPS);

/** `GET /api/v1/documents/{document_id}/status`. */
export const DocumentStatusSchema = z.object({
  document_id: z.string(),
  job_id: z.string().nullable(),
  status: z.enum(DOCUMENT_STATUSES),
  progress: z.object({
    percent: z.number().int(),
    current_step: z.union([stepId, z.literal('complete')]).nullable(),
    current_step_label: z.string().nullable(),
    current_step_detail: z.string().nullable(),
    steps_completed: z.array(stepId),
    steps_remaining: z.array(stepId),
    step_timings: z.record(z.string(), z.unknown()),
  }),
  started_at: z.string().nullable(),
  estimated_completion_at: z.string().nullable().optional(),
  result: z
    .object({
      title: z.string(),
      pdf_url: z.string().nullable(),
      page_count: z.number().int().nullable(),
      word_count: z.number().int().nullable(),
      research_sources_count: z.number().int(),
    })
    .optional(),
  error: z.object({ code: z.string(), message: z.string(), step: z.string().nullable() }).optional(),
  completed_at: z.string().nullable().optional(),
  duration_seconds: z.number().nullable().optional(),
  /** While running: where to watch it live (add `token`). */
  websocket_url: z.string().optional(),
});

const PersonSchema = z.object({ id: z.string(), name: z.string() }).nullable();
const TemplateRefSchema = z.object({ code: z.string(), name: z.string() }).nullable();
const ClientRefSchema = z.object({ id: z.string(), company_name: z.string() }).nullable();

/** One row of `GET /documents` and `GET /clients/{client_id}/documents`. */
export const DocumentListItemSchema = z.object({
  id: z.string(),
  client_id: z.string(),
  client: ClientRefSchema,
  title: z.string(),
  topic: z.string(),
  status: z.enum(DOCUMENT_STATUSES),
  template: TemplateRefSchema,
  pdf_url: z.string().nullable(),
  cover_image_url: z.string().nullable(),
  page_count: z.number().int().nullable(),
  distribution: z.object({ distributed_at: z.string().nullable(), channels: z.array(z.string()) }),
  created_at: z.string(),
  created_by: PersonSchema,
});

/** `GET /api/v1/documents/{document_id}` (PRD §6.4). */
export const DocumentDetailSchema = z.object({
  id: z.string(),
  client_id: z.string(),
  client: ClientRefSchema,
  template_id: z.string().nullable(),
  template: TemplateRefSchema,
  title: z.string(),
  subtitle: z.string().nullable(),
  topic: z.string(),
  slug: z.string().nullable(),
  content_summary: z
    .object({
      sections: z.array(z.string()),
      statistics_count: z.number().int(),
      charts_count: z.number().int(),
      quotes_count: z.number().int(),
      word_count: z.number().int().nullable(),
    })
    .nullable(),
  files: z.object({
    pdf_url: z.string().nullable(),
    pdf_file_size_bytes: z.number().int().nullable(),
    pdf_page_count: z.number().int().nullable(),
    cover_image_url: z.string().nullable(),
  }),
  generation_input: z.object({
    tone: z.string().nullable(),
    industry: z.string().nullable(),
    keywords: z.array(z.string()),
    related_services: z.array(z.string()),
    custom_direction: z.string().nullable(),
    additional_context: z.string().nullable(),
    cover_image_search: z.string().nullable(),
  }),
  research_summary: z.object({
    source_count: z.number().int(),
    top_sources: z.array(z.object({ domain: z.string(), count: z.number().int() })),
    duration_seconds: z.number().nullable(),
    /** Statistics whose value was found in the fetched text of the source they cite; null until counted. */
    statistics_verified_count: z.number().int().nullable(),
    /** Statistics left out because their source does not state them; null until counted. */
    statistics_dropped_count: z.number().int().nullable(),
  }),
  status: z.enum(DOCUMENT_STATUSES),
  error: z.object({ code: z.string(), message: z.string(), step: z.string().nullable() }).nullable(),
  created_by: PersonSchema,
  distribution: z.object({
    distributed: z.boolean(),
    distributed_at: z.string().nullable(),
    auto_distribute: z.boolean(),
    channels_configured: z.record(z.string(), z.boolean()),
  }),
  api_usage: z.object({
    tokens_input: z.number().int(),
    tokens_output: z.number().int(),
    cost_cents: z.number().int(),
  }),
  created_at: z.string(),
  updated_at: z.string(),
  generation_completed_at: z.string().nullable(),
  expires_at: z.string(),
});

/** Sort fields of the document lists. */
export const DOCUMENT_SORT_FIELDS = ['created_at', 'updated_at', 'title', 'status'] as const;

const day = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Query of both document lists (PRD §6.4: newest first, 20 per page). */
export const DocumentListQuerySchema = z
  .object({
    ...pageQuery,
    status: z.enum(DOCUMENT_STATUSES).optional(),
    search: z.string().trim().min(1).max(100).optional().describe('In title and topic'),
    date_from: day.optional().describe('created_at on or after (a date means its start, UTC)'),
    date_to: day.optional().describe('created_at on or before (a date means its end, UTC)'),
    client_id: id.optional().describe('Agency-wide list only: one client'),
    sort: z.enum(DOCUMENT_SORT_FIELDS).default('created_at'),
    order: sortOrder.default('desc'),
  })
  .refine((query) => !query.date_from || !query.date_to || query.date_from <= query.date_to, {
    path: ['date_to'],
    message: 'Must not be before date_from',
  });
export type DocumentListQuery = z.infer<typeof DocumentListQuerySchema>;

/** `PUT /documents/{document_id}/content`: the whole content as `GET …/content` returns it. */
export const EditContentSchema = z
  .record(z.string(), z.unknown())
  .describe(
    'The content as GET /content returns it (PRD §4.2.7 content_json). Text may change; sources, ' +
      'statistics, charts, quotes, tables and what each section places come from the research and ' +
      'must stay as they are. metadata may be left out (word count is recomputed).',
  );

/** `DELETE /documents/{document_id}`. */
export const DeletedDocumentSchema = z.object({
  id: z.string(),
  deleted_at: z.string(),
  message: z.string(),
});
