import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { CLIENT_ACTIONS } from '../../shared/realtime/messages.ts';
import { postToConnection } from '../../shared/realtime/push.ts';

/**
 * `$default`: frames whose `action` has no route of its own. The only one is the keep-alive
 * `{"action":"ping"}` (API Gateway drops connections idle for 10 minutes); anything else is
 * rejected. Answers go through `@connections`, as the routes have no route responses.
 */
export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  let action: unknown;
  try {
    action = (JSON.parse(event.body ?? '{}') as { action?: unknown } | null)?.action;
  } catch {
    action = undefined;
  }
  const { connectionId } = event.requestContext;
  if (action === CLIENT_ACTIONS.ping) {
    await postToConnection(connectionId, { type: 'pong' });
    return { statusCode: 200 };
  }
  await postToConnection(connectionId, {
    type: 'rejected',
    message: 'Unsupported message: send {"action":"subscribe"} or {"action":"ping"}',
  });
  return { statusCode: 400 };
};
