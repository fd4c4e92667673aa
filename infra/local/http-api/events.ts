/**
 * Builds API Gateway HTTP API payload-v2 events from a node:http request, the way the managed
 * gateway does: lower-cased headers with repeated values comma-joined, cookies split out, the
 * query string both raw and parsed, binary bodies base64-encoded.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';

const TEXT_TYPES = /^(text\/|application\/(json|.*\+json|x-www-form-urlencoded|xml|javascript))/i;

export interface RequestFacts {
  method: string;
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string>;
  cookies: string[] | undefined;
  queryStringParameters: Record<string, string> | undefined;
  body: string | undefined;
  isBase64Encoded: boolean;
  sourceIp: string;
  requestId: string;
  timeEpoch: number;
}

/** Reads the request (body included) into the facts both event shapes are made of. */
export async function readRequest(req: IncomingMessage, bodyLimitBytes: number): Promise<RequestFacts> {
  const url = new URL(req.url ?? '/', 'http://gateway.local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = req.headers.cookie
    ?.split(';')
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > bodyLimitBytes) throw new PayloadTooLargeError();
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const isText = TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
  return {
    method: req.method ?? 'GET',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    cookies: cookies?.length ? cookies : undefined,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    body: raw.length === 0 ? undefined : isText ? raw.toString('utf8') : raw.toString('base64'),
    isBase64Encoded: raw.length > 0 && !isText,
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    requestId: randomUUID(),
    timeEpoch: Date.now(),
  };
}

/** Thrown when the body exceeds the gateway's payload limit (API Gateway: 10 MB). */
export class PayloadTooLargeError extends Error {}

function requestContext(facts: RequestFacts, routeKey: string) {
  const domainName = facts.headers.host ?? 'localhost';
  return {
    accountId: '000000000000',
    apiId: 'local',
    domainName,
    domainPrefix: domainName.split('.')[0] ?? domainName,
    http: {
      method: facts.method,
      path: facts.rawPath,
      protocol: 'HTTP/1.1',
      sourceIp: facts.sourceIp,
      userAgent: facts.headers['user-agent'] ?? '',
    },
    requestId: facts.requestId,
    routeKey,
    stage: '$default',
    time: new Date(facts.timeEpoch).toUTCString(),
    timeEpoch: facts.timeEpoch,
  };
}

/** The payload-v2 event a route's Lambda receives. */
export function proxyEvent(
  facts: RequestFacts,
  routeKey: string,
  pathParameters: Record<string, string>,
  authorizerContext: Record<string, unknown> | undefined,
): APIGatewayProxyEventV2 {
  const context = requestContext(facts, routeKey);
  return {
    version: '2.0',
    routeKey,
    rawPath: facts.rawPath,
    rawQueryString: facts.rawQueryString,
    cookies: facts.cookies,
    headers: facts.headers,
    queryStringParameters: facts.queryStringParameters,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    requestContext: authorizerContext ? { ...context, authorizer: { lambda: authorizerContext } } : context,
    body: facts.body,
    isBase64Encoded: facts.isBase64Encoded,
  } as APIGatewayProxyEventV2;
}

/** The REQUEST authorizer event (payload v2) for the same request. */
export function authorizerEvent(
  facts: RequestFacts,
  routeKey: string,
  pathParameters: Record<string, string>,
  identitySource: readonly string[],
): APIGatewayRequestAuthorizerEventV2 {
  return {
    version: '2.0',
    type: 'REQUEST',
    routeArn: `arn:aws:execute-api:us-east-1:000000000000:local/$default/${facts.method}${facts.rawPath}`,
    identitySource: identitySource
      .map((source) => facts.headers[source.replace('$request.header.', '').toLowerCase()])
      .filter((value): value is string => value !== undefined),
    routeKey,
    rawPath: facts.rawPath,
    rawQueryString: facts.rawQueryString,
    cookies: facts.cookies ?? [],
    headers: facts.headers,
    queryStringParameters: facts.queryStringParameters ?? {},
    requestContext: requestContext(facts, routeKey),
    pathParameters,
    stageVariables: {},
  } as unknown as APIGatewayRequestAuthorizerEventV2;
}
