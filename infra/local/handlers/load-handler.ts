/**
 * Imports handler modules named by plain-data tables (routes, schedules, state-machine tasks) the
 * way the Lambda runtime loads an entry point: once per process, then reused by every invocation.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { type HandlerRef, handlerId } from '../../../shared/config/handler-ref.ts';

/** A handler in the form the Node.js Lambda runtime calls: `(event, context) => result | Promise`. */
export type LambdaHandler = (event: unknown, context: Context) => unknown;

/** The `errorType`s the Lambda runtime reports when an entry point cannot be used. */
export type HandlerLoadErrorType = 'Runtime.ImportModuleError' | 'Runtime.HandlerNotFound';

/**
 * A handler that cannot be loaded. Its `name` is the Lambda runtime's `errorType`, so a state
 * machine's Retry/Catch and the logs see the same error as in AWS.
 */
export class HandlerLoadError extends Error {
  constructor(name: HandlerLoadErrorType, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = name;
  }
}

const modules = new Map<string, Promise<Record<string, unknown>>>();

function importModule(path: string): Promise<Record<string, unknown>> {
  let loading = modules.get(path);
  if (!loading) {
    loading = import(pathToFileURL(path).href) as Promise<Record<string, unknown>>;
    modules.set(path, loading);
    // A module that failed to load (not written yet, syntax error) is tried again next time.
    loading.catch(() => modules.delete(path));
  }
  return loading;
}

/**
 * Imports `join(repoRoot, ref.module)` (cached per path) and returns its `ref.export` function.
 * Throws a {@link HandlerLoadError} naming the handler when the module or the export is missing.
 */
export async function loadHandler(ref: HandlerRef, repoRoot: string): Promise<LambdaHandler> {
  let module: Record<string, unknown>;
  try {
    module = await importModule(join(repoRoot, ref.module));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HandlerLoadError('Runtime.ImportModuleError', `Cannot load ${handlerId(ref)}: ${reason}`, {
      cause: error,
    });
  }
  const candidate = module[ref.export];
  if (typeof candidate !== 'function') {
    throw new HandlerLoadError(
      'Runtime.HandlerNotFound',
      `${ref.module} has no exported function "${ref.export}"`,
    );
  }
  return candidate as LambdaHandler;
}
