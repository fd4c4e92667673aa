/**
 * Editing a document's text (`PUT /documents/{id}/content`): the caller sends the content as
 * `GET …/content` returned it with its text changed; it is validated with the content schema
 * (every bad field listed in one 422), checked against the research it came from, rendered to a
 * new PDF and only then saved, so a refused or failed edit changes nothing.
 *
 * What may change is the writing: title, subtitle, summary, the sections' labels, titles, leads,
 * paragraphs, subheadings and callouts, and the conclusion. Sources, statistics, charts, quotes,
 * tables and which of them each section places came from the research and its provenance checks,
 * so they must come back unchanged (422 naming each one that did not). `metadata` is the server's:
 * word count and read time are recomputed, the rest is kept.
 *
 * PRD §5.4.3: members cannot edit a distributed document (403 AUTH_004); only ready or
 * distributed documents have content to edit (409 RES_003 otherwise). The new PDF goes to a new
 * content-addressed key under the document's folder, so links already shared keep working.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { env } from '../config/env.ts';
import { type DocumentContent, validateDocumentContent } from '../content/document-content.ts';
import type { DocumentItem } from '../data/entities/documents.ts';
import { service } from '../data/service.ts';
import { isConditionalCheckFailure } from '../data/transactions.ts';
import { runTemplate } from '../generation/run-template.ts';
import { ApiError, type FieldError, notFound, validationError } from '../http/errors.ts';
import { renderDocumentPdf } from '../pdf/render-document.ts';
import { s3Client } from '../storage/s3-client.ts';
import { slugify } from '../text/slug.ts';
import { contentWordCount, readTimeMinutes } from './content-metrics.ts';
import { type AuditRequest, recordDocumentAudit } from './document-audit.ts';
import { assertMayEdit, type DocumentsCaller } from './documents-caller.ts';
import { documentDetail, getVisibleDocument } from './read-documents.ts';
import { documentRenderInput } from './render-input.ts';

/** Parts of the content that come from the research and may not be edited. */
const LOCKED_PARTS = ['sources', 'statistics', 'charts', 'quotes', 'tables'] as const;
/** What each section places, which must stay as the pipeline decided. */
const LOCKED_PLACEMENTS = ['statistic_ids', 'chart_ids', 'quote_ids', 'table_ids'] as const;
/** Text fields compared to list what an edit changed (for the audit entry). */
const TEXT_PARTS = ['title', 'subtitle', 'summary', 'sections', 'conclusion'] as const;

const EDITABLE = new Set(['ready', 'distributed']);

/** Field errors for every locked part `edited` changed relative to `stored`. */
export function lockedChanges(stored: DocumentContent, edited: DocumentContent): FieldError[] {
  const problems: FieldError[] = [];
  for (const part of LOCKED_PARTS) {
    if (!isDeepStrictEqual(stored[part], edited[part])) {
      problems.push({ field: part, message: `${part} come from the research and cannot be edited` });
    }
  }
  if (stored.sections.length !== edited.sections.length) {
    problems.push({
      field: 'sections',
      message: `The document has ${stored.sections.length} sections; sections cannot be added or removed`,
    });
    return problems;
  }
  stored.sections.forEach((section, index) => {
    for (const placement of LOCKED_PLACEMENTS) {
      if (!isDeepStrictEqual(section[placement], edited.sections[index]?.[placement])) {
        problems.push({
          field: `sections[${index}].${placement}`,
          message: 'What a section shows cannot be edited',
        });
      }
    }
  });
  return problems;
}

/** The edited content with the server's metadata, or 422 listing every problem. */
function validatedEdit(stored: DocumentContent, body: Record<string, unknown>): DocumentContent {
  const candidate = { ...body, metadata: stored.metadata };
  const validation = validateDocumentContent(candidate);
  if (!validation.ok) {
    throw validationError(
      validation.issues.map((issue) => ({ field: issue.path || '(content)', message: issue.message })),
    );
  }
  const locked = lockedChanges(stored, validation.content);
  if (locked.length > 0) throw validationError(locked);
  const count = contentWordCount(validation.content);
  return {
    ...validation.content,
    metadata: { ...stored.metadata, word_count: count, estimated_read_time_minutes: readTimeMinutes(count) },
  };
}

/** The document's stored content; 409 when it has none to edit. */
function storedContent(document: DocumentItem): DocumentContent {
  if (!EDITABLE.has(document.status)) {
    throw new ApiError('RES_003', {
      message: `Only a ready document can be edited; this one is ${document.status}`,
    });
  }
  const validation = validateDocumentContent(document.content_json);
  if (!validation.ok) throw new ApiError('RES_003', { message: 'This document has no editable content' });
  return validation.content;
}

/** Renders `content` as `document` and stores the PDF; its key, URL, size and page count. */
async function renderAndStore(document: DocumentItem, content: DocumentContent) {
  const entities = service().entities;
  const [{ data: client }, { data: agency }, template] = await Promise.all([
    entities.client.get({ agency_id: document.agency_id, id: document.client_id }).go(),
    entities.agency.get({ id: document.agency_id }).go(),
    runTemplate({ document }),
  ]);
  if (!client || !agency) throw notFound('Document');
  let rendered: Awaited<ReturnType<typeof renderDocumentPdf>>;
  try {
    rendered = await renderDocumentPdf(
      await documentRenderInput({
        content,
        client,
        agency,
        templateCode: template.code,
        coverImageUrl: document.cover_image_url,
        coverImageSource: document.cover_image_source,
      }),
    );
  } catch (error) {
    throw new ApiError('GEN_004', { cause: error });
  }
  const digest = createHash('sha256').update(rendered.pdf).digest('hex').slice(0, 24);
  const key = `agencies/${document.agency_id}/documents/${document.id}/document-${digest}.pdf`;
  await s3Client().send(
    new PutObjectCommand({
      Bucket: env().FILES_BUCKET,
      Key: key,
      Body: rendered.pdf,
      ContentType: 'application/pdf',
      CacheControl: 'public, max-age=31536000, immutable',
    }),
  );
  return {
    pdf_file_path: key,
    pdf_url: `${env().FILES_BASE_URL.replace(/\/$/, '')}/${key}`,
    pdf_file_size_bytes: rendered.pdf.byteLength,
    pdf_page_count: rendered.pageCount,
  };
}

/** `PUT /documents/{id}/content`: saves the edited text and the re-rendered PDF; the new detail. */
export async function editDocumentContent(
  caller: DocumentsCaller,
  documentId: string,
  body: Record<string, unknown>,
  request: AuditRequest,
) {
  const document = await getVisibleDocument(caller, documentId);
  assertMayEdit(caller, document);
  const stored = storedContent(document);
  const edited = validatedEdit(stored, body);
  const changed = TEXT_PARTS.filter((part) => !isDeepStrictEqual(stored[part], edited[part]));
  const file = await renderAndStore(document, edited);
  try {
    const update = service()
      .entities.document.patch({ agency_id: caller.agency_id, id: documentId })
      .set({ content_json: edited, title: edited.title, slug: slugify(edited.title), ...file });
    await (edited.subtitle === undefined
      ? update.remove(['subtitle'])
      : update.set({ subtitle: edited.subtitle })
    )
      // Lost update guard: another edit (or a deletion) since this one read the document.
      .where(({ updated_at, deleted_at }, { eq, notExists }) =>
        [eq(updated_at, document.updated_at), notExists(deleted_at)].join(' AND '),
      )
      .go();
  } catch (error) {
    if (isConditionalCheckFailure(error)) {
      throw new ApiError('RES_003', {
        message: 'The document changed while you edited it; reload and retry',
      });
    }
    throw error;
  }
  await recordDocumentAudit(
    caller,
    'document_content_update',
    { id: document.id, title: edited.title },
    {
      // Headings in full; long text only by name (an audit entry is no copy of the document).
      changes: Object.fromEntries(
        (['title', 'subtitle'] as const)
          .filter((part) => changed.includes(part))
          .map((part) => [part, { old: stored[part] ?? null, new: edited[part] ?? null }]),
      ),
      metadata: {
        changed_parts: changed,
        pdf_file_path: file.pdf_file_path,
        pdf_page_count: file.pdf_page_count,
      },
    },
    request,
  );
  return documentDetail(caller, documentId);
}
