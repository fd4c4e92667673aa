import type { APIGatewayProxyResultV2, APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import { forgetConnection } from '../../shared/realtime/subscriptions.ts';

/** `$disconnect`: forgets the connection (its TTL covers a missed disconnect). */
export const handler = async (event: APIGatewayProxyWebsocketEventV2): Promise<APIGatewayProxyResultV2> => {
  await forgetConnection(event.requestContext.connectionId);
  return { statusCode: 200 };
};
