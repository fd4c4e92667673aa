/**
 * The plain-data tables the infrastructure is generated from (routes, WebSocket routes, schedules,
 * state machines), gathered in one value so tests can synthesize the app from other tables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTHORIZER, lambdaEntry, ROUTES, type RouteDefinition, routeKey } from '../../shared/api/routes.ts';
import {
  WEBSOCKET_ROUTE_SELECTION,
  WEBSOCKET_ROUTES,
  type WebSocketRouteDefinition,
} from '../../shared/api/websocket-routes.ts';
import type { HandlerRef } from '../../shared/config/handler-ref.ts';
import { SCHEDULES, type ScheduleDefinition } from '../../shared/schedules.ts';
import { STATE_MACHINES, type StateMachineDefinition } from '../../shared/state-machines.ts';

/** Everything the stacks are generated from. */
export interface Catalogue {
  readonly routes: readonly RouteDefinition[];
  readonly authorizer: HandlerRef;
  readonly webSocketRoutes: readonly WebSocketRouteDefinition[];
  readonly webSocketRouteSelection: string;
  readonly schedules: readonly ScheduleDefinition[];
  readonly stateMachines: readonly StateMachineDefinition[];
}

/** The app's own tables, from `shared/`. */
export const CATALOGUE: Catalogue = {
  routes: ROUTES,
  authorizer: AUTHORIZER,
  webSocketRoutes: WEBSOCKET_ROUTES,
  webSocketRouteSelection: WEBSOCKET_ROUTE_SELECTION,
  schedules: SCHEDULES,
  stateMachines: STATE_MACHINES,
};

/** Whether any route requires a permission, and so the authorizer. */
export function usesAuthorizer(catalogue: Catalogue): boolean {
  return catalogue.routes.some((route) => route.permission !== null);
}

/** Every distinct Lambda entry the catalogue deploys (route modules, authorizer, WebSocket, sweeps, steps). */
export function lambdaEntries(catalogue: Catalogue): HandlerRef[] {
  const refs = [
    ...catalogue.routes.map(lambdaEntry),
    ...(usesAuthorizer(catalogue) ? [catalogue.authorizer] : []),
    ...catalogue.webSocketRoutes.map((route) => route.handler),
    ...catalogue.schedules.map((row) => row.handler),
    ...catalogue.stateMachines.flatMap((machine) => Object.values(machine.tasks)),
  ];
  return [...new Map(refs.map((ref) => [`${ref.module}#${ref.export}`, ref])).values()];
}

type Named = [file: string, namedBy: string];

/** Every file the catalogue names, with the entry naming it. */
function namedFiles(catalogue: Catalogue): Named[] {
  return [
    ...catalogue.routes.map((route): Named => [route.handler.module, `route ${routeKey(route)}`]),
    ...(usesAuthorizer(catalogue) ? [[catalogue.authorizer.module, 'the HTTP API authorizer'] as Named] : []),
    ...catalogue.webSocketRoutes.map(
      (route): Named => [route.handler.module, `WebSocket route ${route.routeKey}`],
    ),
    ...catalogue.schedules.map((row): Named => [row.handler.module, `schedule ${row.name}`]),
    ...catalogue.stateMachines.flatMap((machine): Named[] => [
      [machine.definitionFile, `state machine ${machine.name}`],
      ...Object.entries(machine.tasks).map(
        ([placeholder, ref]): Named => [ref.module, `state machine ${machine.name} task \${${placeholder}}`],
      ),
    ]),
  ];
}

/** `${Name}` placeholders of an ASL document, each once, in order of first use. */
export function placeholdersOf(asl: string): string[] {
  return [...new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1] ?? ''))];
}

interface AslState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  ItemProcessor?: AslScope;
  Iterator?: AslScope;
  Branches?: AslScope[];
}

interface AslScope {
  States: Record<string, AslState>;
}

function* taskStates(scope: AslScope): Generator<AslState> {
  for (const state of Object.values(scope.States)) {
    if (state.Type === 'Task') yield state;
    const nested = state.ItemProcessor ?? state.Iterator;
    if (nested) yield* taskStates(nested);
    for (const branch of state.Branches ?? []) yield* taskStates(branch);
  }
}

/**
 * The longest `TimeoutSeconds` of the Task states invoking each placeholder of an ASL document
 * (placeholders whose states set none are left out): a Lambda's timeout is its tasks' own.
 */
export function taskTimeouts(asl: string): Map<string, number> {
  const timeouts = new Map<string, number>();
  for (const state of taskStates(JSON.parse(asl) as AslScope)) {
    const placeholder = /^\$\{([A-Za-z0-9_]+)\}$/.exec(state.Resource ?? '')?.[1];
    if (!placeholder || state.TimeoutSeconds === undefined) continue;
    timeouts.set(placeholder, Math.max(timeouts.get(placeholder) ?? 0, state.TimeoutSeconds));
  }
  return timeouts;
}

/** Disagreements between an ASL file's placeholders and its catalogue entry's tasks. */
function bindingProblems(machine: StateMachineDefinition, asl: string): string[] {
  const placeholders = placeholdersOf(asl);
  const bound = Object.keys(machine.tasks);
  const unbound = placeholders.filter((name) => !bound.includes(name));
  const unused = bound.filter((name) => !placeholders.includes(name));
  const where = `${machine.definitionFile} (state machine ${machine.name})`;
  return [
    ...(unbound.length > 0 ? [`${where}: placeholders without a task: ${unbound.join(', ')}`] : []),
    ...(unused.length > 0 ? [`${where}: tasks not in the file: ${unused.join(', ')}`] : []),
  ];
}

/**
 * What keeps the catalogue from being deployed: files it names that do not exist under
 * `rootDir`, and ASL files whose placeholders differ from their tasks. The app refuses to
 * synthesize while there is any: a route without its handler is a bug better caught here than
 * by a 500 in production.
 */
export function catalogueProblems(catalogue: Catalogue, rootDir: string): string[] {
  const missing = namedFiles(catalogue)
    .filter(([file]) => !existsSync(join(rootDir, file)))
    .map(([file, by]) => `missing ${file} (${by})`);
  const mismatched = catalogue.stateMachines
    .filter((machine) => existsSync(join(rootDir, machine.definitionFile)))
    .flatMap((machine) =>
      bindingProblems(machine, readFileSync(join(rootDir, machine.definitionFile), 'utf8')),
    );
  return [...missing, ...mismatched];
}
