/**
 * PRD §6.4 document generation and documents (`/api/v1/documents…`, `/api/v1/clients/{id}/documents…`).
 * The shapes are the API's own (type-only imports: nothing of `shared/` reaches the bundle).
 */
import type { z } from 'zod';
import type { DocumentContent } from '../../../../shared/content/document-content.ts';
import type { DocumentDetail, DocumentListItem } from '../../../../shared/documents/document-views.ts';
import type {
  DeletedDocumentSchema,
  DocumentListQuerySchema,
  GenerateDocumentSchema,
  GenerationStarted,
} from '../../../../shared/documents/schemas.ts';
import type { DocumentStatusView } from '../../../../shared/documents/status-view.ts';
import { del, get, getFile, post, put, segment } from '../api.ts';

export type { DocumentContent, DocumentDetail, DocumentListItem, DocumentStatusView, GenerationStarted };

/** `POST /clients/{id}/documents/generate` body; left-out fields take the client's content defaults. */
export type GenerateRequest = z.input<typeof GenerateDocumentSchema>;

/** One page of a documents list; the filters are the API's, as typed into the filter form. */
export type DocumentQuery = { page: number; per_page: number } & Partial<
  Record<Exclude<keyof z.input<typeof DocumentListQuerySchema>, 'page' | 'per_page'>, string>
>;

const documentPath = (id: string) => `/api/v1/documents/${segment(id)}`;

/**
 * Starts a generation. `idempotencyKey` is one per submission of the form: a repeated request
 * (a retry after a lost answer) starts nothing new and spends no credits twice.
 */
export const startGeneration = (clientId: string, body: GenerateRequest, idempotencyKey: string) =>
  post<GenerationStarted>(`/api/v1/clients/${segment(clientId)}/documents/generate`, body, {
    headers: { 'Idempotency-Key': idempotencyKey },
  });

export const listDocuments = (query: DocumentQuery) =>
  get<DocumentListItem[]>('/api/v1/documents', { ...query });
export const listClientDocuments = (clientId: string, query: DocumentQuery) =>
  get<DocumentListItem[]>(`/api/v1/clients/${segment(clientId)}/documents`, { ...query });

export const getDocument = (id: string) => get<DocumentDetail>(documentPath(id));
export const getGenerationStatus = (id: string) => get<DocumentStatusView>(`${documentPath(id)}/status`);
export const getDocumentContent = (id: string) => get<DocumentContent>(`${documentPath(id)}/content`);
/** Replaces the text of the content (research items stay as they are); the PDF is rendered again. */
export const updateDocumentContent = (id: string, content: DocumentContent) =>
  put<DocumentDetail>(`${documentPath(id)}/content`, content);
export const deleteDocument = (id: string) => del<z.infer<typeof DeletedDocumentSchema>>(documentPath(id));
/** The PDF's bytes (and its file name), for the inline preview and the download. */
export const getDocumentPdf = (id: string) => getFile(`${documentPath(id)}/pdf`);
