import { randomUUID } from 'node:crypto';
import type middy from '@middy/core';
import { logger } from '../../log.ts';
import type { ApiContext, ApiEvent, ApiResponse } from '../types.ts';

const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * Gives every request an id (the caller's `X-Request-ID` when well-formed, else a new one),
 * tags the logs with it, echoes it on the response and logs one access line per request.
 *
 * before: sets `context.requestId` and `context.startedAt`.
 * after / onError: adds `X-Request-ID` (when a response exists) and logs method, route, status
 * and duration.
 */
export function requestContext(): middy.MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  const finish = (request: middy.Request<ApiEvent, ApiResponse, Error, ApiContext>) => {
    const { context, event, response } = request;
    if (response) response.headers = { ...response.headers, 'X-Request-ID': context.requestId };
    logger.info('request', {
      method: event.requestContext?.http?.method,
      route: event.routeKey,
      status: response?.statusCode,
      durationMs: Date.now() - context.startedAt,
      sourceIp: event.requestContext?.http?.sourceIp,
    });
  };
  return {
    before: (request) => {
      const supplied = request.event.headers?.['x-request-id'];
      request.context.requestId =
        supplied && CALLER_REQUEST_ID.test(supplied) ? supplied : `req_${randomUUID()}`;
      request.context.startedAt = Date.now();
      logger.appendKeys({ requestId: request.context.requestId });
    },
    after: finish,
    onError: finish,
  };
}
