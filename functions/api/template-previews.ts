/**
 * Template previews, apart from list/get (`templates.ts`): rendering needs Chromium, so only this
 * function gets the Chromium layer and its memory.
 */
import { apiRoute, routeDispatcher } from '../../shared/http/api-route.ts';
import { type PreviewFormat, templatePreview } from '../../shared/templates/preview.ts';
import { TemplateCodeParamsSchema } from '../../shared/templates/schemas.ts';
import { agencyCaller } from '../../shared/tenancy/agency-scope.ts';

/** The preview route serving `format`: the file, or 304 when `If-None-Match` names it. */
const preview = (format: PreviewFormat) =>
  apiRoute({ params: TemplateCodeParamsSchema }, async ({ params, identity, event }) => {
    const answer = await templatePreview(
      agencyCaller(identity).agency_id,
      params.template_code,
      format,
      event.headers?.['if-none-match'],
    );
    const headers = {
      'Content-Type': answer.contentType,
      ETag: answer.etag,
      // Per tenant and behind a token; the ETag makes revalidation cheap.
      'Cache-Control': 'private, no-cache',
      'X-Preview-Cache': answer.cache,
    };
    if (!answer.bytes) return { status: 304, data: new Uint8Array(0), headers };
    return {
      data: answer.bytes,
      headers: { ...headers, 'Content-Disposition': `inline; filename="${answer.filename}"` },
    };
  });

/** GET /api/v1/templates/{template_code}/preview.pdf — sample document in the agency's brand. */
export const previewPdf = preview('pdf');

/** GET /api/v1/templates/{template_code}/preview.png — the preview's cover as a thumbnail. */
export const previewPng = preview('png');

export const handler = routeDispatcher({ previewPdf, previewPng });
