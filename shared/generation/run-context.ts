/**
 * Everything a step knows about its run besides the artifacts: the document (what was asked),
 * its job, the client it is for and the agency, read consistently at the start of the step.
 */
import type { AgencyItem } from '../data/entities/agencies.ts';
import type { ClientItem } from '../data/entities/clients.ts';
import type { DocumentItem } from '../data/entities/documents.ts';
import type { GenerationJobItem } from '../data/entities/generation-jobs.ts';
import { service } from '../data/service.ts';
import { GenerationError, type GenerationRef, loadRun } from './job-lifecycle.ts';

export interface RunContext {
  readonly ref: GenerationRef;
  readonly document: DocumentItem;
  readonly job: GenerationJobItem;
  readonly client: ClientItem;
  readonly agency: AgencyItem;
}

/** Loads the run of `ref`; GEN_001 when its document, job, client or agency is gone. */
export async function loadRunContext(ref: GenerationRef): Promise<RunContext> {
  const { document, job } = await loadRun(ref);
  const entities = service().entities;
  const [{ data: client }, { data: agency }] = await Promise.all([
    entities.client.get({ agency_id: ref.agency_id, id: document.client_id }).go({ consistent: true }),
    entities.agency.get({ id: ref.agency_id }).go({ consistent: true }),
  ]);
  if (!client || !agency) {
    throw new GenerationError('GEN_001', `The client or agency of document ${document.id} no longer exists`);
  }
  return { ref, document, job, client, agency };
}

/** What the content is about and for whom, as the prompts and the offline model use it. */
export interface RunBrief {
  topic: string;
  client_name: string;
  industry: string | null;
  tone: 'professional' | 'casual' | 'authoritative';
  keywords: string[];
  services: string[];
  custom_direction: string | null;
  additional_context: string | null;
  company_description: string | null;
}

/** The request as the document recorded it, with the client's defaults where it said nothing. */
export function runBrief(run: Pick<RunContext, 'document' | 'client'>): RunBrief {
  const { document, client } = run;
  const nonEmpty = (list: readonly string[] | undefined) => (list && list.length > 0 ? [...list] : undefined);
  return {
    topic: document.topic,
    client_name: client.company_name,
    industry: document.input_industry ?? client.industry ?? null,
    tone: document.input_tone ?? client.default_tone ?? 'professional',
    keywords: nonEmpty(document.input_keywords) ?? nonEmpty(client.target_keywords) ?? [],
    services: nonEmpty(document.input_related_services) ?? nonEmpty(client.related_services) ?? [],
    custom_direction: document.input_custom_direction ?? null,
    additional_context: document.input_additional_context ?? client.additional_context ?? null,
    company_description: client.company_description ?? null,
  };
}
