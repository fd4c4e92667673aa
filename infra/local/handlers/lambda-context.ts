/**
 * The Lambda `Context` every local invoker (HTTP and WebSocket gateways, Step Functions tasks,
 * the scheduler) hands to a handler, with the names a deployed function would report.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { type HandlerRef, handlerId } from '../../../shared/config/handler-ref.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './local-identity.ts';

/**
 * Lambda's maximum timeout. CDK sets each function's real one; locally nothing enforces it (an
 * in-process call cannot be killed), so the context reports the most generous budget rather
 * than make a handler cut its work short.
 */
const TIMEOUT_MS = 900_000;

export interface LambdaContextOptions {
  readonly ref: HandlerRef;
  readonly region?: string;
  readonly accountId?: string;
}

/** A valid Lambda function name derived from the handler reference, e.g. `api-clients-list`. */
export function lambdaFunctionName(ref: HandlerRef): string {
  return handlerId(ref)
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .slice(0, 64);
}

/** The ARN the handler's function would have, e.g. `arn:aws:lambda:us-east-1:000000000000:function:…`. */
export function lambdaFunctionArn(
  ref: HandlerRef,
  region = LOCAL_REGION,
  accountId = LOCAL_ACCOUNT_ID,
): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${lambdaFunctionName(ref)}`;
}

function callbackStyleUnsupported(): never {
  throw new Error('Callback-style completion (context.done/succeed/fail) is not supported: return a promise');
}

/** A fresh context for one invocation (new request id, deadline from now). */
export function createLambdaContext(options: LambdaContextOptions): Context {
  const deadline = Date.now() + TIMEOUT_MS;
  const functionName = lambdaFunctionName(options.ref);
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: lambdaFunctionArn(options.ref, options.region, options.accountId),
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: callbackStyleUnsupported,
    fail: callbackStyleUnsupported,
    succeed: callbackStyleUnsupported,
  };
}
