/**
 * The environment every Lambda gets: the variables `shared/config/env.ts` and
 * `shared/auth/token-config.ts` read, built from the configuration and the fixed resource names,
 * so no Lambda depends on another stack's outputs except the WebSocket API id.
 */
import { Aws } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { AppConfig } from './config.ts';
import { type ResourceNames, stateMachineArn } from './naming.ts';

/** The catalogue entry whose ARN handlers get as `GENERATE_STATE_MACHINE_ARN`. */
export const GENERATE_STATE_MACHINE = 'generate-document';

/** Where the WebSocket API lives. */
export interface WebSocketEndpoint {
  readonly apiId: string;
  readonly stageName: string;
}

/** Variables for Lambdas of `scope`'s stack. */
export function lambdaEnvironment(
  scope: IConstruct,
  config: AppConfig,
  names: ResourceNames,
  webSocket: WebSocketEndpoint,
): Record<string, string> {
  const webSocketHost = `${webSocket.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  return {
    TABLE_NAME: names.table,
    FILES_BUCKET: names.bucket('files'),
    ARTIFACTS_BUCKET: names.bucket('artifacts'),
    FILES_BASE_URL: `https://${config.filesDomain}/files`,
    PLATFORM_DOMAIN: config.platformDomain,
    EMAIL_FROM: config.emailFrom,
    GENERATE_STATE_MACHINE_ARN: stateMachineArn(scope, names.stateMachine(GENERATE_STATE_MACHINE)),
    WEBSOCKET_URL: `wss://${webSocketHost}/${webSocket.stageName}`,
    WEBSOCKET_MANAGEMENT_URL: `https://${webSocketHost}/${webSocket.stageName}`,
    JWT_SECRET_ID: names.jwtSecret,
    BYOK_MASTER_KEY_SECRET_ID: names.byokMasterKey,
    ANTHROPIC_PLATFORM_KEY_SECRET_ID: names.anthropicPlatformKey,
    LOG_LEVEL: 'info',
  };
}
