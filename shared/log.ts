/**
 * The process-wide structured logger (JSON lines, CloudWatch-friendly). Powertools adds the
 * Lambda context keys; the request-context middleware appends the request id per invocation.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({
  serviceName: 'content-strategist',
  logLevel: (process.env.LOG_LEVEL ?? 'INFO').toUpperCase() as 'INFO',
});
