import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

/**
 * What the authorizer hands to route handlers (API Gateway `requestContext.authorizer.lambda`).
 * Values are strings because Lambda authorizer context only carries scalars.
 */
export type AuthorizerContext = Record<string, string | number | boolean>;

export interface ApiEvent extends Omit<APIGatewayProxyEventV2, 'requestContext'> {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { lambda?: AuthorizerContext };
  };
}

export type ApiResponse = APIGatewayProxyStructuredResultV2 & {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
};

/** Per-invocation state shared by the middlewares and the route handler. */
export interface ApiContext extends Context {
  requestId: string;
  startedAt: number;
}

/** PRD §6.1 pagination block. */
export interface Pagination {
  page: number;
  per_page: number;
  total_items: number;
  total_pages: number;
  has_next: boolean;
  has_prev: boolean;
}

/** What a route handler returns; the envelope middleware wraps it. */
export interface RouteResult {
  status?: number;
  data: unknown;
  pagination?: Pagination;
  headers?: Record<string, string>;
  /**
   * Serve `data` as-is instead of the `{success,data,meta}` envelope (e.g. OpenAPI JSON). `data`
   * that is a `Uint8Array` is always served as-is, as a file (Content-Type from `headers`).
   */
  raw?: boolean;
}
