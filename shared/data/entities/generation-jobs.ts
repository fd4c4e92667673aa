/**
 * Generation jobs: progress of one generation attempt (PRD §4.2.9), written by the pipeline's
 * steps and pushed to WebSocket subscribers. The PRD's Celery columns are replaced by the Step
 * Functions execution (DECISIONS.md).
 *
 * Access patterns (tenant id in every partition key):
 * - `byId`       (table): job by id within agency (status polling, WebSocket subscribe, pipeline
 *   steps — the execution input carries `agency_id`) — get `{ agency_id, id }`.
 * - `byDocument` (gsi1):  attempts for a document, newest first — query `{ agency_id, document_id }`
 *   with `order: 'desc'` (the first is the current attempt).
 */
import { Entity, type EntityItem } from 'electrodb';
import { GENERATION_STEPS } from '../../generation/steps.ts';
import { createdAt, enumList, fixedRef, flag, id, SERVICE, timestamp, updatedAt } from '../attributes.ts';

export { GENERATION_STEPS };

/** Timing of one pipeline step (`step_timings.<step_id>`). */
const stepTiming = () =>
  ({
    type: 'map',
    properties: {
      started_at: timestamp(),
      completed_at: timestamp(),
      duration_ms: { type: 'number' },
      /** Step-specific figures, e.g. `{ sources_found, sources_used }`. */
      metadata: { type: 'any' },
    },
  }) as const;

/** The generation-job entity. */
export const generationJob = new Entity({
  model: { entity: 'generation_job', version: '1', service: SERVICE },
  attributes: {
    id: id(),
    /** Not a PRD column: the tenant key. */
    agency_id: fixedRef(),
    document_id: fixedRef(),
    /** Step Functions execution running this job (replaces the PRD's `celery_task_id`/`worker_id`). */
    execution_arn: { type: 'string' },
    current_step: { type: 'string' },
    current_step_label: { type: 'string' },
    current_step_detail: { type: 'string' },
    /** Step ids in completion order. */
    steps_completed: enumList(GENERATION_STEPS),
    progress_percent: {
      type: 'number',
      required: true,
      default: 0,
      validate: (value: number) => Number.isInteger(value) && value >= 0 && value <= 100,
    },
    /** Keyed by step id; present (empty) from creation so steps can set their own entry by path. */
    step_timings: {
      type: 'map',
      required: true,
      default: () => ({}),
      properties: {
        topic_analysis: stepTiming(),
        keyword_research: stepTiming(),
        web_research: stepTiming(),
        industry_analysis: stepTiming(),
        outline_creation: stepTiming(),
        content_writing: stepTiming(),
        statistics_integration: stepTiming(),
        chart_generation: stepTiming(),
        cover_image: stepTiming(),
        template_application: stepTiming(),
        pdf_rendering: stepTiming(),
        quality_review: stepTiming(),
      },
    },
    queued_at: timestamp(),
    started_at: timestamp(),
    completed_at: timestamp(),
    total_duration_ms: { type: 'number' },
    error_occurred: flag(false),
    error_step: { type: 'string' },
    error_code: { type: 'string' },
    error_message: { type: 'string' },
    /** For debugging only; never shown to users. */
    error_traceback: { type: 'string' },
    created_at: createdAt(),
    /** Not in the PRD table: lets readers spot a stalled job. */
    updated_at: updatedAt(),
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['agency_id'] }, sk: { field: 'sk', composite: ['id'] } },
    byDocument: {
      index: 'gsi1',
      pk: { field: 'gsi1pk', composite: ['agency_id'] },
      sk: { field: 'gsi1sk', composite: ['document_id', 'created_at'] },
    },
  },
});

/** An item as ElectroDB returns it. */
export type GenerationJobItem = EntityItem<typeof generationJob>;
