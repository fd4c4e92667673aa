import { requestFacts } from '../../shared/audit/record-audit.ts';
import { deleteDocument } from '../../shared/documents/delete-document.ts';
import { documentsCaller } from '../../shared/documents/documents-caller.ts';
import { editDocumentContent } from '../../shared/documents/edit-content.ts';
import { deploymentModelKeys } from '../../shared/documents/generation-access.ts';
import { documentPdf } from '../../shared/documents/pdf-file.ts';
import {
  documentContent,
  documentDetail,
  documentStatus,
  listDocuments,
} from '../../shared/documents/read-documents.ts';
import {
  ClientDocumentsParamsSchema,
  DocumentListQuerySchema,
  DocumentParamsSchema,
  EditContentSchema,
  GenerateDocumentSchema,
} from '../../shared/documents/schemas.ts';
import { startGeneration, websocketUrl } from '../../shared/documents/start-generation.ts';
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { idempotencyKeyOf } from '../../shared/http/idempotency-key.ts';

/** POST /api/v1/clients/{client_id}/documents/generate — start a generation (202). */
export const generate = apiRoute(
  { params: ClientDocumentsParamsSchema, body: GenerateDocumentSchema },
  async ({ params, body, identity, event, context }) => ({
    status: 202,
    data: await startGeneration(documentsCaller(identity), params.client_id, body, {
      idempotencyKey: idempotencyKeyOf(event),
      context,
      keys: deploymentModelKeys,
      request: requestFacts(event, context),
    }),
  }),
);

/** GET /api/v1/clients/{client_id}/documents — one client's documents. */
export const listForClient = apiRoute(
  { params: ClientDocumentsParamsSchema, query: DocumentListQuerySchema },
  async ({ params, query, identity }) => {
    const page = await listDocuments(documentsCaller(identity), query, params.client_id);
    return { data: page.items, pagination: page.pagination };
  },
);

/** GET /api/v1/documents — the agency's documents. */
export const list = apiRoute({ query: DocumentListQuerySchema }, async ({ query, identity }) => {
  const page = await listDocuments(documentsCaller(identity), query);
  return { data: page.items, pagination: page.pagination };
});

/** GET /api/v1/documents/{document_id} — the detail. */
export const get = apiRoute({ params: DocumentParamsSchema }, async ({ params, identity }) => ({
  data: await documentDetail(documentsCaller(identity), params.document_id),
}));

/** GET /api/v1/documents/{document_id}/status — generation status for polling. */
export const status = apiRoute({ params: DocumentParamsSchema }, async ({ params, identity }) => {
  const view = await documentStatus(documentsCaller(identity), params.document_id);
  const running = view.status === 'pending' || view.status === 'generating';
  return { data: running && view.job_id ? { ...view, websocket_url: websocketUrl(view.job_id) } : view };
});

/** GET /api/v1/documents/{document_id}/content — the structured content. */
export const content = apiRoute({ params: DocumentParamsSchema }, async ({ params, identity }) => ({
  data: await documentContent(documentsCaller(identity), params.document_id),
}));

/** PUT /api/v1/documents/{document_id}/content — edit the text, re-render the PDF. */
export const updateContent = apiRoute(
  { params: DocumentParamsSchema, body: EditContentSchema },
  async ({ params, body, identity, event, context }) => ({
    data: await editDocumentContent(
      documentsCaller(identity),
      params.document_id,
      body,
      requestFacts(event, context),
    ),
  }),
);

/** GET /api/v1/documents/{document_id}/pdf — the PDF as an attachment. */
export const pdf = apiRoute({ params: DocumentParamsSchema }, async ({ params, identity }) => {
  const file = await documentPdf(documentsCaller(identity), params.document_id);
  return {
    data: file.bytes,
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'Cache-Control': 'private, no-cache',
    },
  };
});

/** DELETE /api/v1/documents/{document_id} — soft delete (admins). */
export const remove = apiRoute(
  { params: DocumentParamsSchema },
  async ({ params, identity, event, context }) => ({
    data: await deleteDocument(documentsCaller(identity), params.document_id, requestFacts(event, context)),
  }),
);

export const handler = routeDispatcher({
  generate,
  listForClient,
  list,
  get,
  status,
  content,
  updateContent,
  pdf,
  remove,
});
