/**
 * API Gateway WebSocket (Lambda proxy) events: CONNECT carries the handshake's headers and query
 * string, MESSAGE the frame's body, DISCONNECT the close code and reason.
 */
import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
} from 'aws-lambda';
import { type ConnectionFacts, gatewayId } from './connection.ts';

/** The stage name events report (API Gateway's stage of the deployed API). */
const LOCAL_STAGE = 'local';

export interface WebSocketRequestContext extends Omit<APIGatewayEventWebsocketRequestContextV2, 'messageId'> {
  /** MESSAGE events only. */
  messageId?: string;
  identity: { sourceIp: string; userAgent?: string };
  disconnectStatusCode?: number;
  disconnectReason?: string;
}

export interface WebSocketEvent
  extends APIGatewayProxyWebsocketEventV2WithRequestContext<WebSocketRequestContext> {
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestTime` format, e.g. `09/Apr/2026:12:34:56 +0000`. */
function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function requestContext(
  facts: ConnectionFacts,
  routeKey: string,
  eventType: WebSocketRequestContext['eventType'],
): WebSocketRequestContext {
  const now = Date.now();
  return {
    routeKey,
    eventType,
    extendedRequestId: gatewayId(),
    requestTime: requestTime(now),
    messageDirection: 'IN',
    stage: LOCAL_STAGE,
    connectedAt: facts.connectedAt,
    requestTimeEpoch: now,
    identity: { sourceIp: facts.sourceIp, ...(facts.userAgent ? { userAgent: facts.userAgent } : {}) },
    requestId: gatewayId(),
    domainName: facts.domainName,
    connectionId: facts.connectionId,
    apiId: 'local',
  };
}

/** `$connect`: headers and query string of the handshake (the query is omitted when empty). */
export function connectEvent(facts: ConnectionFacts): WebSocketEvent {
  const keys = [...new Set(facts.query.keys())];
  return {
    headers: { ...facts.headers },
    multiValueHeaders: structuredClone(facts.multiValueHeaders),
    ...(keys.length === 0
      ? {}
      : {
          // Like API Gateway: the last value of a repeated parameter, and every value in the multi-value map.
          queryStringParameters: Object.fromEntries(
            keys.map((key) => [key, facts.query.getAll(key).at(-1) ?? '']),
          ),
          multiValueQueryStringParameters: Object.fromEntries(
            keys.map((key) => [key, facts.query.getAll(key)]),
          ),
        }),
    requestContext: requestContext(facts, '$connect', 'CONNECT'),
    isBase64Encoded: false,
  };
}

/** A message for `routeKey`; binary frames arrive base64-encoded. */
export function messageEvent(
  facts: ConnectionFacts,
  routeKey: string,
  body: string,
  isBase64Encoded: boolean,
) {
  return {
    requestContext: { ...requestContext(facts, routeKey, 'MESSAGE'), messageId: gatewayId() },
    body,
    isBase64Encoded,
  } satisfies WebSocketEvent;
}

/** `$disconnect`, with the WebSocket close code and reason. */
export function disconnectEvent(facts: ConnectionFacts, code: number, reason: string): WebSocketEvent {
  const headers = { Host: facts.domainName, 'X-Forwarded-For': facts.sourceIp };
  return {
    headers,
    multiValueHeaders: { Host: [headers.Host], 'X-Forwarded-For': [headers['X-Forwarded-For']] },
    requestContext: {
      ...requestContext(facts, '$disconnect', 'DISCONNECT'),
      disconnectStatusCode: code,
      disconnectReason: reason,
    },
    isBase64Encoded: false,
  };
}
