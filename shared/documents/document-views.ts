/**
 * How documents are shown (PRD §6.4): the list row and the full detail. Names of the template,
 * client and author come from {@link DocumentRefs}, read once per answer.
 */
import type { z } from 'zod';
import type { DocumentItem } from '../data/entities/documents.ts';
import type { DocumentDetailSchema, DocumentListItemSchema } from './schemas.ts';

export type DocumentListItem = z.infer<typeof DocumentListItemSchema>;
export type DocumentDetail = z.infer<typeof DocumentDetailSchema>;

/** Names of the items documents point at, by id. */
export interface DocumentRefs {
  templates: ReadonlyMap<string, { code: string; name: string }>;
  clients: ReadonlyMap<string, { id: string; company_name: string }>;
  users: ReadonlyMap<string, { id: string; name: string }>;
}

/** The attributes a list row needs: lists read only these (never the content). */
export const LIST_ATTRIBUTES = [
  'id',
  'agency_id',
  'client_id',
  'template_id',
  'created_by_user_id',
  'title',
  'topic',
  'status',
  'pdf_url',
  'cover_image_url',
  'pdf_page_count',
  'distributed_at',
  'distribution_results',
  'created_at',
  'updated_at',
  'deleted_at',
] as const;

export type DocumentListSource = Pick<DocumentItem, (typeof LIST_ATTRIBUTES)[number]>;

/** Channels the document was published to (PRD list row `distribution.channels`). */
function publishedChannels(document: Pick<DocumentItem, 'distribution_results'>): string[] {
  return Object.entries(document.distribution_results ?? {})
    .filter(([, result]) => result?.success)
    .map(([channel]) => channel);
}

/** A PRD §6.4 list row. */
export function toDocumentListItem(document: DocumentListSource, refs: DocumentRefs): DocumentListItem {
  return {
    id: document.id,
    client_id: document.client_id,
    client: refs.clients.get(document.client_id) ?? null,
    title: document.title,
    topic: document.topic,
    status: document.status,
    template: (document.template_id && refs.templates.get(document.template_id)) || null,
    pdf_url: document.pdf_url ?? null,
    cover_image_url: document.cover_image_url ?? null,
    page_count: document.pdf_page_count ?? null,
    distribution: { distributed_at: document.distributed_at ?? null, channels: publishedChannels(document) },
    created_at: document.created_at,
    created_by: (document.created_by_user_id && refs.users.get(document.created_by_user_id)) || null,
  };
}

interface ContentShape {
  sections?: Array<{ title?: string }>;
  statistics?: unknown[];
  charts?: unknown[];
  quotes?: unknown[];
  conclusion?: { title?: string };
  metadata?: { word_count?: number };
}

/** Section titles (the conclusion last, as PRD §6.4 lists it) and counts; null before writing. */
function contentSummary(content: unknown): DocumentDetail['content_summary'] {
  const shape = (content ?? {}) as ContentShape;
  if (!Array.isArray(shape.sections) || shape.sections.length === 0) return null;
  const titles = shape.sections.map((section) => section.title ?? '');
  if (shape.conclusion?.title) titles.push(shape.conclusion.title);
  return {
    sections: titles,
    statistics_count: shape.statistics?.length ?? 0,
    charts_count: shape.charts?.length ?? 0,
    quotes_count: shape.quotes?.length ?? 0,
    word_count: shape.metadata?.word_count ?? null,
  };
}

/** How many sources each domain contributed, most first (PRD `research_summary.top_sources`). */
export function topSourceDomains(
  sources: DocumentItem['research_sources'],
  limit = 5,
): Array<{ domain: string; count: number }> {
  const counts = new Map<string, number>();
  for (const source of sources ?? []) {
    const domain = source.domain ?? hostOf(source.url);
    if (domain) counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  return [...counts]
    .map(([domain, count]) => ({ domain, count }))
    .sort((a, b) => b.count - a.count || a.domain.localeCompare(b.domain))
    .slice(0, limit);
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

const NO_CHANNELS = { linkedin: false, facebook: false, twitter: false, google_business: false };

/** The PRD §6.4 detail of a document. */
export function toDocumentDetail(document: DocumentItem, refs: DocumentRefs): DocumentDetail {
  return {
    id: document.id,
    client_id: document.client_id,
    client: refs.clients.get(document.client_id) ?? null,
    template_id: document.template_id ?? null,
    template: (document.template_id && refs.templates.get(document.template_id)) || null,
    title: document.title,
    subtitle: document.subtitle ?? null,
    topic: document.topic,
    slug: document.slug ?? null,
    content_summary: contentSummary(document.content_json),
    files: {
      pdf_url: document.pdf_url ?? null,
      pdf_file_size_bytes: document.pdf_file_size_bytes ?? null,
      pdf_page_count: document.pdf_page_count ?? null,
      cover_image_url: document.cover_image_url ?? null,
    },
    generation_input: {
      tone: document.input_tone ?? null,
      industry: document.input_industry ?? null,
      keywords: document.input_keywords ?? [],
      related_services: document.input_related_services ?? [],
      custom_direction: document.input_custom_direction ?? null,
      additional_context: document.input_additional_context ?? null,
      cover_image_search: document.input_cover_image_search ?? null,
    },
    research_summary: {
      source_count: document.research_source_count ?? document.research_sources?.length ?? 0,
      top_sources: topSourceDomains(document.research_sources),
      duration_seconds: document.research_duration_seconds ?? null,
      statistics_verified_count: document.statistics_verified_count ?? null,
      statistics_dropped_count: document.statistics_dropped_count ?? null,
    },
    status: document.status,
    error:
      document.status === 'failed'
        ? {
            code: document.generation_error_code ?? 'GEN_001',
            message: document.generation_error_message ?? 'Content generation failed',
            step: document.generation_error_step ?? null,
          }
        : null,
    created_by: (document.created_by_user_id && refs.users.get(document.created_by_user_id)) || null,
    distribution: {
      distributed: document.status === 'distributed' || document.distributed_at !== undefined,
      distributed_at: document.distributed_at ?? null,
      auto_distribute: document.auto_distribute,
      channels_configured: { ...NO_CHANNELS, ...document.distribution_channels },
    },
    api_usage: {
      tokens_input: document.api_tokens_input ?? 0,
      tokens_output: document.api_tokens_output ?? 0,
      cost_cents: document.api_cost_cents ?? 0,
    },
    created_at: document.created_at,
    updated_at: document.updated_at,
    generation_completed_at: document.generation_completed_at ?? null,
    expires_at: document.expires_at,
  };
}
