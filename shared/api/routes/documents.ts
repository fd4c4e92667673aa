import { z } from 'zod';
import { DocumentContentSchema } from '../../content/document-content.ts';
import {
  ClientDocumentsParamsSchema,
  DeletedDocumentSchema,
  DocumentDetailSchema,
  DocumentListItemSchema,
  DocumentListQuerySchema,
  DocumentParamsSchema,
  DocumentStatusSchema,
  EditContentSchema,
  GenerateDocumentSchema,
  GenerationStartedSchema,
} from '../../documents/schemas.ts';
import { apiHandler, type RouteDefinition } from '../route-types.ts';

const handler = (name: string) => apiHandler('documents', name);
/** Reading one document: staff, or a client user for its own client's documents (PRD §5.4.1). */
const READ = ['documents:read', 'documents:read:own'] as const;
const LIST = ['documents:list', 'documents:read:own'] as const;

/**
 * Document generation and documents (PRD §6.4), on the agency's own host. Client users see and
 * generate only their own client's documents; members edit but never delete, nor edit a
 * distributed document (PRD §5.4.3, checked per document).
 */
export const DOCUMENT_ROUTES: readonly RouteDefinition[] = [
  {
    method: 'POST',
    path: '/api/v1/clients/{client_id}/documents/generate',
    handler: handler('generate'),
    permission: ['documents:create', 'documents:create:own'],
    rateLimit: 'generate',
    summary:
      'Start generating a document (202; Idempotency-Key honoured). 403 BIZ_002 template not on the plan, 402 BIZ_004 credits used up, 403 BIZ_005 own Anthropic key missing',
    tag: 'Documents',
    input: { params: ClientDocumentsParamsSchema, body: GenerateDocumentSchema },
    output: GenerationStartedSchema,
  },
  {
    method: 'GET',
    path: '/api/v1/clients/{client_id}/documents',
    handler: handler('listForClient'),
    permission: LIST,
    rateLimit: 'standard',
    summary: 'A client’s documents (status, search, date range; sort, paginate)',
    tag: 'Documents',
    input: { params: ClientDocumentsParamsSchema, query: DocumentListQuerySchema },
    output: z.array(DocumentListItemSchema),
  },
  {
    method: 'GET',
    path: '/api/v1/documents',
    handler: handler('list'),
    permission: LIST,
    rateLimit: 'standard',
    summary: 'The agency’s documents across clients (status, client, search, date range; sort, paginate)',
    tag: 'Documents',
    input: { query: DocumentListQuerySchema },
    output: z.array(DocumentListItemSchema),
  },
  {
    method: 'GET',
    path: '/api/v1/documents/{document_id}',
    handler: handler('get'),
    permission: READ,
    rateLimit: 'standard',
    summary: 'A document: files, content and research summaries, generation input, usage, retention',
    tag: 'Documents',
    input: { params: DocumentParamsSchema },
    output: DocumentDetailSchema,
  },
  {
    method: 'GET',
    path: '/api/v1/documents/{document_id}/status',
    handler: handler('status'),
    permission: READ,
    rateLimit: 'standard',
    summary: 'Generation status for polling (progress, steps remaining, estimate; result or error)',
    tag: 'Documents',
    input: { params: DocumentParamsSchema },
    output: DocumentStatusSchema,
  },
  {
    method: 'GET',
    path: '/api/v1/documents/{document_id}/content',
    handler: handler('content'),
    permission: READ,
    rateLimit: 'standard',
    summary: 'The full structured content (for display and editing)',
    tag: 'Documents',
    input: { params: DocumentParamsSchema },
    output: DocumentContentSchema,
  },
  {
    method: 'PUT',
    path: '/api/v1/documents/{document_id}/content',
    handler: handler('updateContent'),
    // Members may edit (PRD §5.4.3 refuses them only distributed documents); client users may not.
    permission: ['documents:update', 'documents:create'],
    rateLimit: 'standard',
    summary:
      'Edit the text and re-render the PDF (research-backed parts stay); 403 for members on distributed documents',
    tag: 'Documents',
    input: { params: DocumentParamsSchema, body: EditContentSchema },
    output: DocumentDetailSchema,
  },
  {
    method: 'GET',
    path: '/api/v1/documents/{document_id}/pdf',
    handler: handler('pdf'),
    permission: READ,
    rateLimit: 'standard',
    summary: 'Download the PDF (attachment named after the slug and date); 409 while generating',
    tag: 'Documents',
    input: { params: DocumentParamsSchema },
    produces: 'application/pdf',
  },
  {
    method: 'DELETE',
    path: '/api/v1/documents/{document_id}',
    handler: handler('remove'),
    permission: 'documents:delete',
    rateLimit: 'standard',
    summary: 'Delete a document (soft delete; gone from lists, purged with its files after 30 days)',
    tag: 'Documents',
    input: { params: DocumentParamsSchema },
    output: DeletedDocumentSchema,
  },
];
