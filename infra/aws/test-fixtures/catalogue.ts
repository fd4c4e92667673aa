/**
 * A catalogue for the CDK tests, independent of the app's own tables: protected and public
 * routes, several routes per module, schedules in two time zones with a shared handler, and two
 * state machines whose tasks share handlers (one of them reaching Chromium).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteDefinition } from '../../../shared/api/routes.ts';
import type { PermissionRequirement } from '../../../shared/auth/permissions.ts';
import type { HandlerRef } from '../../../shared/config/handler-ref.ts';
import type { Catalogue } from '../catalogue.ts';

/** Root of the fixture repository (handler modules, ASL files, dashboard build). */
export const FIXTURE_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'repo');

const ref = (module: string, exportName = 'handler'): HandlerRef => ({ module, export: exportName });

const route = (
  method: RouteDefinition['method'],
  path: string,
  handler: HandlerRef,
  permission: PermissionRequirement | null,
): RouteDefinition => ({
  method,
  path,
  handler,
  permission,
  rateLimit: 'standard',
  summary: path,
  tag: 'Fixture',
});

const outline = ref('functions/pipeline/outline.ts');
const write = ref('functions/pipeline/write.ts');
const retention = ref('functions/sweeps/retention.ts');

export const FIXTURE_CATALOGUE: Catalogue = {
  routes: [
    route('GET', '/api/v1/health', ref('functions/api/system.ts', 'health'), null),
    route('GET', '/api/v1/clients', ref('functions/api/clients.ts', 'list'), 'clients:read'),
    route('POST', '/api/v1/clients', ref('functions/api/clients.ts', 'create'), 'clients:create'),
    route('DELETE', '/api/v1/clients/{id}', ref('functions/api/clients.ts', 'remove'), 'clients:delete'),
    route('ANY', '/api/{proxy+}', ref('functions/api/system.ts', 'notFound'), null),
  ],
  authorizer: ref('functions/api/authorizer.ts'),
  webSocketRoutes: [
    { routeKey: '$connect', handler: ref('functions/ws/connect.ts') },
    { routeKey: '$disconnect', handler: ref('functions/ws/disconnect.ts') },
    { routeKey: '$default', handler: ref('functions/ws/default.ts') },
  ],
  webSocketRouteSelection: '$request.body.action',
  schedules: [
    {
      name: 'due-content',
      expression: 'rate(5 minutes)',
      timezone: 'UTC',
      handler: ref('functions/sweeps/due-content.ts'),
      description: 'Fixture sweep',
    },
    {
      name: 'soft-delete',
      expression: 'cron(0 3 * * ? *)',
      timezone: 'Europe/Paris',
      handler: retention,
      description: 'Fixture sweep',
    },
    {
      name: 'hard-delete',
      expression: 'cron(30 3 * * ? *)',
      timezone: 'Europe/Paris',
      handler: retention,
      description: 'Fixture sweep sharing its handler',
    },
  ],
  stateMachines: [
    {
      name: 'generate-document',
      definitionFile: 'state-machines/generate-document.asl.json',
      tasks: {
        Outline: outline,
        Write: write,
        RenderPdf: ref('functions/pipeline/render-pdf.ts'),
        Review: outline,
      },
    },
    { name: 'distribute', definitionFile: 'state-machines/distribute.asl.json', tasks: { Write: write } },
  ],
};
