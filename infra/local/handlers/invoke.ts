/**
 * Calls a handler the way the Lambda service would, in this process: the event and the result
 * cross a JSON boundary (no shared object references, `undefined` becomes `null`), and each call
 * gets a fresh context.
 */
import type { HandlerRef } from '../../../shared/config/handler-ref.ts';
import { createLambdaContext, type LambdaContextOptions } from './lambda-context.ts';
import { loadHandler } from './load-handler.ts';

/** Context settings for one invocation (everything but the handler reference). */
export type InvokeOptions = Omit<LambdaContextOptions, 'ref'>;

function throughJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/**
 * Loads `ref` (cached) and invokes it with `event`. Resolves with the JSON-serialised result;
 * rejects with whatever the handler threw, or with a `HandlerLoadError`.
 */
export async function invokeLocally(
  ref: HandlerRef,
  event: unknown,
  repoRoot: string,
  options: InvokeOptions = {},
): Promise<unknown> {
  const handler = await loadHandler(ref, repoRoot);
  const result = await handler(throughJson(event), createLambdaContext({ ...options, ref }));
  return throughJson(result);
}
