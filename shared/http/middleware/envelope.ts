import type middy from '@middy/core';
import { logger } from '../../log.ts';
import { ApiError } from '../errors.ts';
import type { ApiContext, ApiEvent, ApiResponse, RouteResult } from '../types.ts';

/** The PRD §6.1 `meta` block. */
export function responseMeta(requestId: string): { request_id: string; timestamp: string } {
  return { request_id: requestId, timestamp: new Date().toISOString() };
}

/** A PRD error response for `error`; anything that is not an `ApiError` becomes SYS_001. */
export function errorResponse(error: unknown, requestId: string): ApiResponse {
  const apiError = error instanceof ApiError ? error : new ApiError('SYS_001');
  return {
    statusCode: apiError.status,
    headers: { 'Content-Type': 'application/json', ...apiError.headers },
    body: JSON.stringify({
      success: false,
      error: { code: apiError.code, message: apiError.message, details: apiError.details },
      meta: responseMeta(requestId),
    }),
  };
}

/**
 * Turns a route's `RouteResult` into the PRD success envelope and any thrown error into the PRD
 * error envelope. Unknown errors are logged with their stack and answered as SYS_001 without it.
 *
 * after: `request.response` (a RouteResult set by the handler) → API Gateway response.
 * onError: `request.error` → error response (setting the response tells Middy it is handled).
 */
export function envelope(): middy.MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  return {
    after: (request) => {
      const result = request.response as unknown as RouteResult;
      if (result.data instanceof Uint8Array) {
        // A file (PDF, PNG): payload v2 carries binary bodies base64-encoded.
        request.response = {
          statusCode: result.status ?? 200,
          headers: { 'Content-Type': 'application/octet-stream', ...result.headers },
          body: Buffer.from(result.data).toString('base64'),
          isBase64Encoded: true,
        };
        return;
      }
      const body = result.raw
        ? result.data
        : {
            success: true,
            data: result.data,
            ...(result.pagination ? { pagination: result.pagination } : {}),
            meta: responseMeta(request.context.requestId),
          };
      request.response = {
        statusCode: result.status ?? 200,
        headers: { 'Content-Type': 'application/json', ...result.headers },
        body: JSON.stringify(body),
      };
    },
    onError: (request) => {
      if (!(request.error instanceof ApiError)) {
        logger.error('unhandled error', { error: request.error as Error });
      }
      request.response = errorResponse(request.error, request.context.requestId);
    },
  };
}
