/**
 * Access logging for API Gateway stages: a log group and a JSON line per request, with the
 * fields needed to follow a request from CloudFront to the handler's own logs.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type IAccessLogSettings, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

const COMMON_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTimeEpoch',
  routeKey: '$context.routeKey',
  status: '$context.status',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
};

const FIELDS = {
  http: {
    ...COMMON_FIELDS,
    method: '$context.httpMethod',
    path: '$context.path',
    protocol: '$context.protocol',
    userAgent: '$context.identity.userAgent',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    authorizerError: '$context.authorizer.error',
  },
  webSocket: { ...COMMON_FIELDS, connectionId: '$context.connectionId', eventType: '$context.eventType' },
};

/** A new log group in `scope` (id `id`) and the settings that send a stage's access logs to it. */
export function accessLogSettings(
  scope: Construct,
  id: string,
  kind: keyof typeof FIELDS,
): IAccessLogSettings {
  const logGroup = new LogGroup(scope, id, {
    retention: RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  return {
    destination: new LogGroupLogDestination(logGroup),
    format: AccessLogFormat.custom(JSON.stringify(FIELDS[kind])),
  };
}
