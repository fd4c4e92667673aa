import type middy from '@middy/core';
import type { z } from 'zod';
import type { InputSchemas } from '../../api/routes.ts';
import { ApiError, type FieldError, validationError } from '../errors.ts';
import type { ApiContext, ApiEvent, ApiResponse } from '../types.ts';

/** The validated request handed to a route handler. */
export interface ValidatedInput {
  body: unknown;
  query: unknown;
  params: unknown;
}

declare module '../types.ts' {
  interface ApiContext {
    input: ValidatedInput;
  }
}

function fieldErrors(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

function parseJsonBody(event: ApiEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('VAL_003', { message: 'Request body is not valid JSON' });
  }
}

/**
 * Parses the JSON body and validates body, query string and path parameters against the route's
 * schemas, collecting every bad field into one 422 VAL_001.
 *
 * before: sets `context.input` (parsed, defaulted values) or throws VAL_003 / VAL_001.
 */
export function validateInput(
  schemas: InputSchemas,
): middy.MiddlewareObj<ApiEvent, ApiResponse, Error, ApiContext> {
  return {
    before: (request) => {
      const { event } = request;
      const raw = {
        body: schemas.body ? parseJsonBody(event) : undefined,
        query: event.queryStringParameters ?? {},
        params: event.pathParameters ?? {},
      };
      const input: ValidatedInput = { body: raw.body, query: raw.query, params: raw.params };
      const problems: FieldError[] = [];
      for (const part of ['params', 'query', 'body'] as const) {
        const schema = schemas[part];
        if (!schema) continue;
        const parsed = schema.safeParse(raw[part]);
        if (parsed.success) input[part] = parsed.data;
        else problems.push(...fieldErrors(parsed.error, part === 'body' ? '' : part));
      }
      if (problems.length > 0) throw validationError(problems);
      request.context.input = input;
    },
  };
}
