/**
 * Sends frames to WebSocket clients through the API Gateway Management API (`@connections`,
 * endpoint `WEBSOCKET_MANAGEMENT_URL`). Delivery is best effort: a client that misses a frame
 * gets the whole state again on its next subscribe, so a failed post is logged and never fails
 * the pipeline step that caused it. A 410 means the client is gone: its connection item goes.
 */
import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { env } from '../config/env.ts';
import { service } from '../data/service.ts';
import { epochSeconds } from '../data/time.ts';
import { logger } from '../log.ts';
import type { ServerMessage } from './messages.ts';
import { forgetConnection } from './subscriptions.ts';

/** A post that takes longer than this is abandoned: progress must not hold a step up. */
const POST_TIMEOUT_MS = 3_000;

let cached: { endpoint: string; client: ApiGatewayManagementApiClient } | undefined;

/** The management client for the configured endpoint (undefined when none is configured). */
function managementClient(): ApiGatewayManagementApiClient | undefined {
  const endpoint = env().WEBSOCKET_MANAGEMENT_URL;
  if (!endpoint) return undefined;
  if (cached?.endpoint !== endpoint) {
    cached?.client.destroy();
    cached = {
      endpoint,
      client: new ApiGatewayManagementApiClient({
        endpoint,
        requestHandler: { requestTimeout: POST_TIMEOUT_MS, connectionTimeout: POST_TIMEOUT_MS },
      }),
    };
  }
  return cached.client;
}

/** What happened to one post. */
export type PostOutcome = 'sent' | 'gone' | 'failed';

/**
 * Posts `message` to one connection. A gone connection is forgotten; any other failure is logged.
 * Never throws.
 */
export async function postToConnection(connectionId: string, message: ServerMessage): Promise<PostOutcome> {
  const client = managementClient();
  if (!client) {
    logger.warn('WEBSOCKET_MANAGEMENT_URL is not configured; frame dropped', { connectionId });
    return 'failed';
  }
  try {
    await client.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify(message) }),
    );
    return 'sent';
  } catch (error) {
    if (error instanceof GoneException) {
      await forgetConnection(connectionId).catch((cleanup: unknown) =>
        logger.warn('Could not forget a gone WebSocket connection', { connectionId, error: cleanup }),
      );
      return 'gone';
    }
    logger.warn('WebSocket post failed', { connectionId, error });
    return 'failed';
  }
}

/** The ids of the live connections watching `jobId` (items past their TTL are ignored). */
async function connectionsOf(jobId: string): Promise<string[]> {
  const { data } = await service().entities.connection.query.byJob({ job_id: jobId }).go({ pages: 'all' });
  const now = epochSeconds();
  return data.filter((item) => item.ttl > now).map((item) => item.connection_id);
}

/**
 * Posts `message` to every connection watching `jobId`, in parallel. `message` may be a function
 * building it, called only when the job has connections (most runs are watched by nobody).
 * Returns how many posts were delivered. Never throws.
 */
export async function pushToJob(
  jobId: string,
  message: ServerMessage | (() => Promise<ServerMessage | undefined>),
): Promise<number> {
  try {
    const connectionIds = await connectionsOf(jobId);
    if (connectionIds.length === 0) return 0;
    const frame = typeof message === 'function' ? await message() : message;
    if (!frame) return 0;
    const outcomes = await Promise.all(connectionIds.map((id) => postToConnection(id, frame)));
    return outcomes.filter((outcome) => outcome === 'sent').length;
  } catch (error) {
    logger.warn('Could not push to the WebSocket connections of a job', { jobId, error });
    return 0;
  }
}
