import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

/**
 * `$default`: the only message a subscriber sends is a keep-alive `{"action":"ping"}` (API
 * Gateway drops connections idle for 10 minutes); anything else gets a short error.
 */
export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  let action: unknown;
  try {
    action = (JSON.parse(event.body ?? '{}') as { action?: unknown }).action;
  } catch {
    action = undefined;
  }
  if (action === 'ping') return { statusCode: 200, body: JSON.stringify({ type: 'pong' }) };
  return { statusCode: 400, body: JSON.stringify({ type: 'error', message: 'Unsupported message' }) };
};
