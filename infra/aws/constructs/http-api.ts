/**
 * The HTTP API from the route table: one route per entry, integrated with the Lambda of the
 * route's module, and the Lambda REQUEST authorizer on every route that requires a permission.
 */
import { Duration } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { lambdaEntry, type RouteDefinition, routeKey } from '../../../shared/api/routes.ts';
import { acknowledge } from '../nag.ts';
import { accessLogSettings } from './access-logs.ts';
import type { LambdaGroup } from './lambda-group.ts';

/**
 * Ceiling for the whole API, protecting the Lambdas and the table from floods. The per-tenant
 * and per-key limits of PRD §16 are enforced by the handlers with DynamoDB window counters.
 */
export const HTTP_API_THROTTLE: ThrottleSettings = { rateLimit: 200, burstLimit: 400 };

/** Inputs of the HTTP API. */
export interface RoutedHttpApiProps {
  readonly apiName: string;
  readonly routes: readonly RouteDefinition[];
  /** Holds a function for `lambdaEntry(route)` of every route. */
  readonly routeFunctions: LambdaGroup;
  /** Required when any route has a permission. */
  readonly authorizerFunction: IFunction | undefined;
}

/** HTTP API, `$default` stage with access logs and throttling, routes and authorizer. */
export class RoutedHttpApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: RoutedHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'Content Strategist REST API (/api/v1), generated from shared/api/routes.ts',
      createDefaultStage: false,
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: HTTP_API_THROTTLE,
      accessLogSettings: accessLogSettings(this, 'AccessLogs', 'http'),
    });

    const authorizerFunction = props.authorizerFunction;
    const authorizer =
      authorizerFunction &&
      new HttpLambdaAuthorizer('Authorizer', authorizerFunction, {
        authorizerName: 'tenant-and-principal',
        responseTypes: [HttpLambdaResponseType.SIMPLE],
        // Credentials come from one of several places (bearer token, X-API-Key, refresh cookie), and
        // API Gateway rejects a request missing any listed source before calling the authorizer.
        // So the only source is Host, always present, and results are not cached: a cache keyed by
        // Host alone would hand one caller's decision to the next.
        identitySource: ['$request.header.Host'],
        resultsCacheTtl: Duration.seconds(0),
      });

    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of props.routes) {
      const entry = lambdaEntry(route);
      let integration = integrations.get(entry.module);
      if (!integration) {
        const fn = props.routeFunctions.functionFor(entry);
        // One invoke permission per function rather than per route keeps the stack small as
        // routes grow; the function only serves its own routes anyway.
        integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn, {
          scopePermissionToRoute: false,
        });
        integrations.set(entry.module, integration);
      }
      if (route.permission !== null && !authorizer)
        throw new Error(`${routeKey(route)} needs the authorizer`);
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: route.permission === null ? undefined : authorizer,
      });
      if (httpRoute && route.permission === null) {
        acknowledge(
          httpRoute,
          'AwsSolutions-APIG4',
          `${routeKey(route)} is public by design: shared/api/routes.ts gives it no permission (${route.summary}).`,
        );
      }
    }
  }
}
