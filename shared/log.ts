/**
 * The process-wide structured logger (JSON lines, CloudWatch-friendly). Powertools adds the
 * Lambda context keys; the request-context middleware appends the request id per invocation.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { env } from './config/env.ts';

export const logger = new Logger({
  serviceName: 'content-strategist',
  logLevel: env().LOG_LEVEL.toUpperCase() as Uppercase<ReturnType<typeof env>['LOG_LEVEL']>,
});
