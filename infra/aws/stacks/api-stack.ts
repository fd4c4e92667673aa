/**
 * The APIs: the HTTP API with its route Lambdas and authorizer, and the WebSocket API with its
 * route Lambdas. Both API ids are exported under fixed names: CloudFront needs the HTTP API's,
 * and the Lambdas of other stacks push progress through the WebSocket API's.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { lambdaEntry } from '../../../shared/api/routes.ts';
import { type Catalogue, usesAuthorizer } from '../catalogue.ts';
import type { AppConfig } from '../config.ts';
import {
  grantBucket,
  grantExecutions,
  grantManageConnections,
  grantSecretRead,
  grantSendEmail,
  grantTable,
} from '../constructs/grants.ts';
import { RoutedHttpApi } from '../constructs/http-api.ts';
import { LambdaGroup } from '../constructs/lambda-group.ts';
import { RoutedWebSocketApi } from '../constructs/websocket-api.ts';
import { GENERATE_STATE_MACHINE, lambdaEnvironment, type WebSocketEndpoint } from '../lambda-environment.ts';
import type { ResourceNames } from '../naming.ts';

/** Inputs of the API stack. */
export interface ApiStackProps extends StackProps {
  readonly config: AppConfig;
  readonly names: ResourceNames;
  readonly catalogue: Catalogue;
  readonly rootDir: string;
}

/** HTTP API + authorizer + route Lambdas, WebSocket API + its Lambdas. */
export class ApiStack extends Stack {
  /** Export names other stacks import: `httpApiId`, `webSocketApiId`. */
  static readonly EXPORTS = { httpApiId: 'HttpApiId', webSocketApiId: 'WebSocketApiId' } as const;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config, names, catalogue, rootDir } = props;

    const webSocket = new RoutedWebSocketApi(this, 'WebSocket', {
      apiName: `${names.prefix}-websocket`,
      stageName: config.stage,
      routeSelectionExpression: catalogue.webSocketRouteSelection,
    });
    const endpoint: WebSocketEndpoint = { apiId: webSocket.api.apiId, stageName: webSocket.stage.stageName };
    const environment = lambdaEnvironment(this, config, names, endpoint);

    const webSocketHandlers = new LambdaGroup(this, 'WebSocketHandlers', {
      rootDir,
      handlers: catalogue.webSocketRoutes.map((route) => route.handler),
      environment,
      memorySize: 512,
      timeout: Duration.seconds(10),
      purpose: 'WebSocket route handlers: connection items and @connections replies',
    });
    grantTable(webSocketHandlers.role, names.table, 'readWrite');
    grantManageConnections(webSocketHandlers.role, endpoint.apiId, endpoint.stageName);
    grantSecretRead(webSocketHandlers.role, names.jwtSecret);
    webSocket.addRoutes(catalogue.webSocketRoutes, webSocketHandlers);

    // Created only once a route needs it: until then the authorizer module need not exist.
    let authorizer: LambdaGroup | undefined;
    if (usesAuthorizer(catalogue)) {
      authorizer = new LambdaGroup(this, 'Authorizer', {
        rootDir,
        handlers: [catalogue.authorizer],
        environment,
        memorySize: 512,
        timeout: Duration.seconds(10),
        purpose: 'HTTP API authorizer: resolves the tenant and the principal, reads only',
      });
      grantTable(authorizer.role, names.table, 'read');
      grantSecretRead(authorizer.role, names.jwtSecret);
    }

    const routeHandlers = new LambdaGroup(this, 'RouteHandlers', {
      rootDir,
      handlers: catalogue.routes.map(lambdaEntry),
      environment,
      memorySize: 1024,
      // API Gateway gives up on an integration after 30 s.
      timeout: Duration.seconds(29),
      purpose: 'HTTP API route handlers',
    });
    grantTable(routeHandlers.role, names.table, 'readWrite');
    grantBucket(routeHandlers.role, names.bucket('files'), 'readWrite');
    grantBucket(routeHandlers.role, names.bucket('artifacts'), 'read');
    grantSendEmail(routeHandlers.role, config);
    grantSecretRead(routeHandlers.role, names.jwtSecret);
    grantSecretRead(routeHandlers.role, names.byokMasterKey);
    // Starting a generation checks whether the platform pays for Claude.
    grantSecretRead(routeHandlers.role, names.anthropicPlatformKey);
    grantExecutions(routeHandlers.role, names.stateMachine(GENERATE_STATE_MACHINE));

    const http = new RoutedHttpApi(this, 'Http', {
      apiName: `${names.prefix}-http`,
      routes: catalogue.routes,
      routeFunctions: routeHandlers,
      authorizerFunction: authorizer?.functionFor(catalogue.authorizer),
    });

    new CfnOutput(this, 'HttpApiEndpoint', { value: http.api.apiEndpoint });
    new CfnOutput(this, 'WebSocketUrl', { value: webSocket.stage.url });
    new CfnOutput(this, ApiStack.EXPORTS.httpApiId, {
      value: http.api.apiId,
      exportName: names.export(ApiStack.EXPORTS.httpApiId),
    });
    new CfnOutput(this, ApiStack.EXPORTS.webSocketApiId, {
      value: endpoint.apiId,
      exportName: names.export(ApiStack.EXPORTS.webSocketApiId),
    });
  }
}
