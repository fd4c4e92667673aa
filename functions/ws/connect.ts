import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { verifyAccessToken } from '../../shared/auth/access-token.ts';
import { ApiError } from '../../shared/http/errors.ts';
import { subscribeToJob } from '../../shared/realtime/subscriptions.ts';

type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  queryStringParameters?: Record<string, string | undefined>;
};

/**
 * `$connect` with `?job_id=…&token=…` (browsers cannot set headers on a WebSocket handshake, so
 * the access token travels in the query): subscribes the connection to the job. Answers 400/401/404
 * to refuse the handshake. Nothing can be posted to the connection before this returns, so the
 * client then sends `{"action":"subscribe"}` for the current state (`shared/realtime/messages.ts`).
 */
export const handler = async (event: ConnectEvent): Promise<APIGatewayProxyResultV2> => {
  const { job_id: jobId, token } = event.queryStringParameters ?? {};
  if (!jobId || !token) return { statusCode: 400, body: 'job_id and token are required' };
  try {
    const claims = await verifyAccessToken(token);
    await subscribeToJob(event.requestContext.connectionId, jobId, claims);
    return { statusCode: 200 };
  } catch (error) {
    if (error instanceof ApiError) return { statusCode: error.status, body: error.message };
    throw error;
  }
};
