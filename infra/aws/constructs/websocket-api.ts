/**
 * The WebSocket API from its route table. API Gateway evaluates authorizers on `$connect` only;
 * the `$connect` handler authenticates the token the browser passes in the query string.
 */
import { type ThrottleSettings, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import type { WebSocketRouteDefinition } from '../../../shared/api/websocket-routes.ts';
import { acknowledge } from '../nag.ts';
import { accessLogSettings } from './access-logs.ts';
import { ApiGatewayAccount } from './api-gateway-account.ts';
import type { LambdaGroup } from './lambda-group.ts';

/** Progress pushes are few per job; this only caps abuse of the public endpoint. */
export const WEBSOCKET_THROTTLE: ThrottleSettings = { rateLimit: 100, burstLimit: 200 };

const UNAUTHORIZED_ROUTE_REASONS: Readonly<Record<string, string>> = {
  $connect:
    '$connect verifies the access token from the query string in its own handler (see shared/api/websocket-routes.ts) and refuses the connection otherwise.',
  $disconnect:
    '$disconnect only runs for connections $connect accepted; API Gateway authorizes at $connect only.',
  $default: '$default only runs on connections $connect accepted; API Gateway authorizes at $connect only.',
};

/** Inputs of the WebSocket API. */
export interface RoutedWebSocketApiProps {
  readonly apiName: string;
  readonly stageName: string;
  readonly routeSelectionExpression: string;
}

/** WebSocket API and its stage; routes are added once their functions exist. */
export class RoutedWebSocketApi extends Construct {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;

  constructor(scope: Construct, id: string, props: RoutedWebSocketApiProps) {
    super(scope, id);
    this.api = new WebSocketApi(this, 'Api', {
      apiName: props.apiName,
      description: 'Content Strategist live generation progress',
      routeSelectionExpression: props.routeSelectionExpression,
    });
    const account = new ApiGatewayAccount(this, 'LoggingAccount');
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: props.stageName,
      autoDeploy: true,
      throttle: WEBSOCKET_THROTTLE,
      accessLogSettings: accessLogSettings(this, 'AccessLogs', 'webSocket'),
    });
    this.stage.node.addDependency(account.account);
  }

  /** Wires every route of the table to its handler's function in `handlers`. */
  addRoutes(routes: readonly WebSocketRouteDefinition[], handlers: LambdaGroup): void {
    for (const route of routes) {
      const fn = handlers.functionFor(route.handler);
      const wsRoute = this.api.addRoute(route.routeKey, {
        integration: new WebSocketLambdaIntegration(`${route.routeKey.replace(/\W/g, '')}Integration`, fn),
      });
      acknowledge(
        wsRoute,
        'AwsSolutions-APIG4',
        UNAUTHORIZED_ROUTE_REASONS[route.routeKey] ??
          `${route.routeKey} runs on connections $connect authenticated; API Gateway authorizes at $connect only.`,
      );
    }
  }
}
