/**
 * Starting a generation (PRD §6.4 `POST /clients/{client_id}/documents/generate`): every check
 * that can refuse the request runs before anything is written (client visible and active,
 * template allowed by plan, model key or credits available); then the document (status `pending`,
 * the request as `input_*` fields, titled by its topic until the pipeline writes one) and its
 * generation job commit in one transaction, and the state machine starts with the job id as
 * execution name. If the start fails, the document and job are marked failed at once, so no
 * document waits in `pending` for a run that will never come.
 *
 * With an `Idempotency-Key`, a repeated request answers the first one's 202 without creating a
 * second document or spending credits twice.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { env } from '../config/env.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import type { TemplateItem } from '../data/entities/templates.ts';
import { service } from '../data/service.ts';
import { nowIso } from '../data/time.ts';
import { assertCommitted } from '../data/transactions.ts';
import type { GenerationRef } from '../generation/job-lifecycle.ts';
import { ApiError, notFound } from '../http/errors.ts';
import { oncePerKey } from '../http/idempotency-key.ts';
import { logger } from '../log.ts';
import { loadTemplateAccess, type TemplateAccess } from '../templates/plan-access.ts';
import { type AuditRequest, recordDocumentAudit } from './document-audit.ts';
import { actingUserId, type DocumentsCaller, maySeeClient } from './documents-caller.ts';
import { startGenerationExecution } from './executions.ts';
import {
  decideGenerationAccess,
  type GenerationKeySource,
  type ModelKeyEnvironment,
} from './generation-access.ts';
import type { GenerateDocumentInput, GenerationStarted } from './schemas.ts';
import { ESTIMATED_GENERATION_SECONDS } from './status-view.ts';

/** The client `clientId` the caller may generate for: 404 unknown or not visible, 410 deactivated. */
async function generatingClient(caller: DocumentsCaller, clientId: string): Promise<ClientItem> {
  const { data: client } = maySeeClient(caller, clientId)
    ? await service()
        .entities.client.get({ agency_id: caller.agency_id, id: clientId })
        .go({ consistent: true })
    : { data: null };
  if (!client) throw notFound('Client');
  if (!client.is_active) {
    throw new ApiError('RES_004', { message: 'This client is deactivated; reactivate it to generate' });
  }
  return client;
}

/** The template a request names, else the catalogue default when the agency may use it, else its first. */
function chooseTemplate(access: TemplateAccess, code: string | undefined): TemplateItem {
  if (code) return access.require(code);
  const chosen = access.available.find((template) => template.is_default) ?? access.available[0];
  if (!chosen) throw new ApiError('BIZ_002', { message: 'No template is available on your plan' });
  return chosen;
}

/** The document item of a new run: the request, completed by the client's content defaults. */
function newDocument(
  caller: DocumentsCaller,
  client: ClientItem,
  template: TemplateItem,
  body: GenerateDocumentInput,
  ids: { document_id: string },
  queuedAt: string,
) {
  return {
    id: ids.document_id,
    agency_id: caller.agency_id,
    client_id: client.id,
    template_id: template.id,
    created_by_user_id: actingUserId(caller),
    title: body.topic,
    topic: body.topic,
    status: 'pending' as const,
    input_tone: body.tone ?? client.default_tone ?? 'professional',
    input_industry: client.industry,
    input_keywords: body.keywords ?? client.target_keywords ?? [],
    input_related_services: body.related_services ?? client.related_services ?? [],
    input_custom_direction: body.custom_direction,
    input_additional_context: body.additional_context ?? client.additional_context,
    input_website_url: client.website_url,
    input_cover_image_search: body.cover_image_search,
    auto_distribute: body.auto_distribute,
    distribution_channels: body.distribution_channels,
    generation_queued_at: queuedAt,
  };
}

/** Marks a run that could not start as failed (document and job), so nothing stays pending. */
async function markNotStarted(ref: GenerationRef, clientId: string, createdAt: string, error: unknown) {
  const entities = service().entities;
  const message = 'The generation could not be started; please try again';
  const now = nowIso();
  logger.error('generation start failed', { error: error as Error, ...ref });
  await entities.document
    .patch({ agency_id: ref.agency_id, id: ref.document_id })
    .set({
      status: 'failed',
      generation_error_code: 'GEN_001',
      generation_error_message: message,
      generation_error_step: 'start',
      generation_completed_at: now,
    })
    .composite({ client_id: clientId, created_at: createdAt })
    .go();
  await entities.generationJob
    .patch({ agency_id: ref.agency_id, id: ref.job_id })
    .set({
      error_occurred: true,
      error_code: 'GEN_001',
      error_step: 'start',
      error_message: message,
      completed_at: now,
    })
    .go();
}

/**
 * The WebSocket URL that watches job `jobId` (DECISIONS.md: the stage URL with the job in the
 * query; the client adds `token`).
 */
export function websocketUrl(jobId: string): string {
  const url = new URL(env().WEBSOCKET_URL);
  url.searchParams.set('job_id', jobId);
  return url.toString();
}

/** The 202 answer for a started run. */
function generationStarted(ref: GenerationRef): GenerationStarted {
  return {
    document_id: ref.document_id,
    job_id: ref.job_id,
    status: 'pending',
    estimated_duration_seconds: ESTIMATED_GENERATION_SECONDS,
    websocket_url: websocketUrl(ref.job_id),
    polling_url: `/api/v1/documents/${ref.document_id}/status`,
  };
}

async function agencyAndPlan(agencyId: string) {
  const entities = service().entities;
  const { data: agency } = await entities.agency.get({ id: agencyId }).go({ consistent: true });
  if (!agency) throw notFound('Agency');
  const { data: plan } = await entities.plan.get({ id: agency.plan_id }).go();
  if (!plan) throw new Error(`Plan ${agency.plan_id} of agency ${agency.id} is missing`);
  return { agency, plan };
}

/** Everything that may refuse the request, before any write. */
async function admit(
  caller: DocumentsCaller,
  clientId: string,
  body: GenerateDocumentInput,
  keys: ModelKeyEnvironment,
): Promise<{ client: ClientItem; template: TemplateItem; keySource: GenerationKeySource }> {
  const client = await generatingClient(caller, clientId);
  const { agency, plan } = await agencyAndPlan(caller.agency_id);
  const template = chooseTemplate(await loadTemplateAccess(agency), body.template_code);
  const keySource = decideGenerationAccess({
    agency,
    plan,
    platformKeyConfigured: await keys.platformKeyConfigured(),
    offlineAllowed: keys.offlineAllowed(),
  });
  return { client, template, keySource };
}

async function start(
  caller: DocumentsCaller,
  clientId: string,
  body: GenerateDocumentInput,
  keys: ModelKeyEnvironment,
  request: AuditRequest,
): Promise<GenerationStarted> {
  const { client, template, keySource } = await admit(caller, clientId, body, keys);
  const ref: GenerationRef = { agency_id: caller.agency_id, document_id: randomUUID(), job_id: randomUUID() };
  const queuedAt = nowIso();
  const document = newDocument(caller, client, template, body, ref, queuedAt);
  const outcome = await service()
    .transaction.write((tx) => [
      tx.document.create({ ...document, created_at: queuedAt }).commit(),
      tx.generationJob
        .create({
          id: ref.job_id,
          agency_id: ref.agency_id,
          document_id: ref.document_id,
          queued_at: queuedAt,
          created_at: queuedAt,
        })
        .commit(),
    ])
    .go();
  assertCommitted(outcome, [null, null]);
  try {
    await startGenerationExecution(ref);
  } catch (error) {
    await markNotStarted(ref, client.id, queuedAt, error);
    await recordDocumentAudit(
      caller,
      'document_generate',
      document,
      { status: 'failure', error_message: 'state machine did not start', metadata: { job_id: ref.job_id } },
      request,
    );
    throw new ApiError('SYS_002', { message: 'The generation could not be started; please try again' });
  }
  await recordDocumentAudit(
    caller,
    'document_generate',
    document,
    {
      metadata: {
        job_id: ref.job_id,
        client_id: client.id,
        template_code: template.code,
        key_source: keySource,
        topic: body.topic,
      },
    },
    request,
  );
  return generationStarted(ref);
}

/** Options of {@link startGeneration}. */
export interface StartGenerationOptions {
  /** `Idempotency-Key` of the request, if any. */
  idempotencyKey?: string;
  /** The Lambda context (an in-progress idempotency record expires with its deadline). */
  context?: Context;
  keys: ModelKeyEnvironment;
  request: AuditRequest;
}

/** Starts generating a document for client `clientId`; the PRD §6.4 202 answer. */
export function startGeneration(
  caller: DocumentsCaller,
  clientId: string,
  body: GenerateDocumentInput,
  options: StartGenerationOptions,
): Promise<GenerationStarted> {
  return oncePerKey(
    { agency_id: caller.agency_id, operation: 'generate' },
    options.idempotencyKey,
    { client_id: clientId, body },
    options.context,
    () => start(caller, clientId, body, options.keys, options.request),
  );
}
