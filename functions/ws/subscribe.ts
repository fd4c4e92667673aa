import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { sendCurrentState } from '../../shared/realtime/current-state.ts';

/**
 * `subscribe` (`{"action":"subscribe"}`): sends the current state of the job this connection
 * subscribed to at `$connect`. Clients send it right after opening, because API Gateway cannot
 * post to a connection while `$connect` runs (protocol: `shared/realtime/messages.ts`).
 */
export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  await sendCurrentState(event.requestContext.connectionId);
  return { statusCode: 200 };
};
