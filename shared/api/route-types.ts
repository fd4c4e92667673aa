/**
 * The shape of a route-table row (see `routes.ts`), shared by the per-area route files.
 */
import type { z } from 'zod';
import type { PermissionRequirement } from '../auth/permissions.ts';
import type { HandlerRef } from '../config/handler-ref.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';

/**
 * Rate-limit classes of PRD §16: `auth` for credential endpoints, `generate` for starting work
 * that spends credits, `standard` for the rest, `none` for health and docs.
 */
export type RateLimitClass = 'none' | 'auth' | 'standard' | 'generate';

/** Zod schemas for the parts of a request a route accepts (validated by `apiRoute`). */
export interface InputSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/api/v1/clients/{id}`. */
  readonly path: string;
  readonly handler: HandlerRef;
  /**
   * PRD §5.4.1 permission the principal must hold (any one of a list); `null` for public routes,
   * which skip the authorizer. `self` means any signed-in caller.
   */
  readonly permission: PermissionRequirement | null;
  readonly rateLimit: RateLimitClass;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  readonly tag: string;
  /** Request schemas, shared with the handler's `apiRoute` and the OpenAPI document. */
  readonly input?: InputSchemas;
  /** Schema of `data` in the success envelope, for the OpenAPI document. */
  readonly output?: z.ZodType;
  /** Media type of a route that answers with a file (PDF, PNG) instead of the JSON envelope. */
  readonly produces?: string;
}

/**
 * The HTTP API's Lambda authorizer (REQUEST type, simple responses): resolves the tenant from the
 * Host header and the principal from the credentials, once per request, for every route whose
 * `permission` is not null.
 */
export const AUTHORIZER: HandlerRef = { module: 'functions/api/authorizer.ts', export: 'handler' };

/** The handler `exportName` of `functions/api/<name>.ts`. */
export const apiHandler = (name: string, exportName: string): HandlerRef => ({
  module: `functions/api/${name}.ts`,
  export: exportName,
});
