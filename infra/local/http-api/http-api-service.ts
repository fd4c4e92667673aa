/**
 * The HTTP API gateway of the local cloud: the same route table as API Gateway, payload-v2
 * events, the Lambda REQUEST authorizer step (simple responses) before non-public routes, and
 * the same failure answers the managed gateway gives when an integration misbehaves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { lambdaEntry, type RouteDefinition, routeKey } from '../../../shared/api/routes.ts';
import type { HandlerRef } from '../../../shared/config/handler-ref.ts';
import type { LocalService } from '../service.ts';
import { authorizerEvent, PayloadTooLargeError, proxyEvent, readRequest } from './events.ts';
import { routeMatcher } from './match-route.ts';

/** Runs a Lambda handler the way the Lambda service would and returns its result. */
export type LambdaInvoker = (ref: HandlerRef, event: unknown) => Promise<unknown>;

export interface HttpApiServiceOptions {
  readonly routes: readonly RouteDefinition[];
  readonly authorizer: HandlerRef;
  readonly invoke: LambdaInvoker;
  /** API Gateway's HTTP API payload limit. */
  readonly bodyLimitBytes?: number;
  readonly pathPrefix?: string;
}

interface SimpleAuthorizerResponse {
  isAuthorized: boolean;
  context?: Record<string, unknown>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** Writes a payload-v2 Lambda result: a structured response, or any other value as JSON. */
function sendResult(res: ServerResponse, result: unknown): void {
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(result) };
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name] = String(value);
  if (structured.cookies?.length) headers['Set-Cookie'] = structured.cookies;
  const body = structured.body ?? '';
  res.writeHead(structured.statusCode ?? 200, headers);
  res.end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/** Creates the gateway service for `/api/*`. */
export function createHttpApiService(options: HttpApiServiceOptions): LocalService {
  const match = routeMatcher(options.routes);
  const prefix = options.pathPrefix ?? '/api/';
  const bodyLimit = options.bodyLimitBytes ?? 10 * 1024 * 1024;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let facts: Awaited<ReturnType<typeof readRequest>>;
    try {
      facts = await readRequest(req, bodyLimit);
    } catch (error) {
      if (error instanceof PayloadTooLargeError)
        return sendJson(res, 413, { message: 'Request Entity Too Large' });
      throw error;
    }
    const matched = match(facts.method, facts.rawPath);
    if (!matched) return sendJson(res, 404, { message: 'Not Found' });
    const key = routeKey(matched.route);

    let authorizerContext: Record<string, unknown> | undefined;
    if (matched.route.permission !== null) {
      const decision = (await options.invoke(
        options.authorizer,
        authorizerEvent(facts, key, matched.pathParameters, []),
      )) as SimpleAuthorizerResponse;
      if (!decision?.isAuthorized) return sendJson(res, 403, { message: 'Forbidden' });
      authorizerContext = decision.context ?? {};
    }

    const result = await options.invoke(
      lambdaEntry(matched.route),
      proxyEvent(facts, key, matched.pathParameters, authorizerContext),
    );
    sendResult(res, result);
  }

  return {
    name: 'http-api',
    handle(req, res) {
      if (!(req.url ?? '').startsWith(prefix)) return false;
      serve(req, res).catch((error: unknown) => {
        // What API Gateway answers when the integration fails or returns garbage.
        console.error('[http-api] integration error', error);
        if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' });
        else res.end();
      });
      return true;
    },
    async close() {},
  };
}
