/**
 * The WebSocket API's routes: CDK wires them to Lambdas, the local `ws` gateway calls the same
 * handlers. API Gateway WebSocket APIs route on the message's `action` field (route selection
 * expression `$request.body.action`), never on the URL path.
 */
import type { HandlerRef } from '../config/handler-ref.ts';

export interface WebSocketRouteDefinition {
  /** `$connect`, `$disconnect`, `$default` or an `action` value. */
  readonly routeKey: string;
  readonly handler: HandlerRef;
}

export const WEBSOCKET_ROUTE_SELECTION = '$request.body.action';

const ws = (name: string): HandlerRef => ({ module: `functions/ws/${name}.ts`, export: 'handler' });

export const WEBSOCKET_ROUTES: readonly WebSocketRouteDefinition[] = [
  { routeKey: '$connect', handler: ws('connect') },
  { routeKey: '$disconnect', handler: ws('disconnect') },
  { routeKey: '$default', handler: ws('default') },
  /** The client asks for the job's current state (`shared/realtime/messages.ts`). */
  { routeKey: 'subscribe', handler: ws('subscribe') },
];
