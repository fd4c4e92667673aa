/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (zod 4's own
 * JSON Schema output), so the published contract cannot drift from what the handlers validate.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../http/errors.ts';
import { ROUTES, type RouteDefinition } from './routes.ts';

type JsonSchema = Record<string, unknown>;

const ENVELOPE_META = {
  type: 'object',
  properties: { request_id: { type: 'string' }, timestamp: { type: 'string', format: 'date-time' } },
  required: ['request_id', 'timestamp'],
};

const ERROR_ENVELOPE = {
  type: 'object',
  properties: {
    success: { const: false },
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_CODES) },
        message: { type: 'string' },
        details: {},
      },
      required: ['code', 'message'],
    },
    meta: ENVELOPE_META,
  },
  required: ['success', 'error', 'meta'],
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(route: RouteDefinition): JsonSchema[] {
  const result: JsonSchema[] = [];
  for (const [, name] of route.path.matchAll(/\{([A-Za-z0-9_]+)\}/g)) {
    result.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  const query = route.input?.query ? jsonSchema(route.input.query, 'input') : undefined;
  const properties = (query?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  for (const [name, schema] of Object.entries(properties)) {
    result.push({ name, in: 'query', required: required.has(name), schema });
  }
  return result;
}

function operation(route: RouteDefinition): JsonSchema {
  const data = route.output ? jsonSchema(route.output, 'output') : {};
  return {
    operationId: `${route.handler.module.replace(/^functions\/api\/|\.ts$/g, '')}.${route.handler.export}`,
    summary: route.summary,
    tags: [route.tag],
    parameters: parameters(route),
    ...(route.input?.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(route.input.body, 'input') } },
          },
        }
      : {}),
    ...(route.permission
      ? { security: [{ bearerAuth: [] }, { apiKey: [] }], 'x-permission': route.permission }
      : {}),
    responses: {
      '200': {
        description: 'Success',
        content: route.produces
          ? { [route.produces]: { schema: { type: 'string', contentMediaType: route.produces } } }
          : {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { success: { const: true }, data, meta: ENVELOPE_META },
                  required: ['success', 'data', 'meta'],
                },
              },
            },
      },
      default: { description: 'Error', content: { 'application/json': { schema: ERROR_ENVELOPE } } },
    },
  };
}

/** Builds the OpenAPI document for `routes` (catch-all routes are left out). */
export function buildOpenApiDocument(routes: readonly RouteDefinition[] = ROUTES): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    if (route.method === 'ANY' || route.path.includes('+}')) continue;
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Content Strategist API',
      version: '1.0.0',
      description: 'Research-driven, branded thought-leadership documents for agencies and their clients.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
  };
}
