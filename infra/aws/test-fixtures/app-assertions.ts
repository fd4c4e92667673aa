/**
 * The assertions every synthesized app must pass, derived from the catalogue it was built from:
 * run against the app's own tables (app.test.ts) and against the fixture catalogue
 * (fixture-app.test.ts), which exercises what the app's tables do not use yet.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaEntry, routeKey } from '../../../shared/api/routes.ts';
import type { HandlerRef } from '../../../shared/config/handler-ref.ts';
import { keyAttributeNames, TABLE_SCHEMA } from '../../../shared/data/table-schema.ts';
import { type Catalogue, placeholdersOf, taskTimeouts } from '../catalogue.ts';
import { CHROMIUM_MEMORY_SIZE, importsChromium } from '../constructs/chromium.ts';
import { BUNDLED_TEMPLATES_DIR, readsPdfAssets } from '../constructs/pdf-assets.ts';
import { ApiStack } from '../stacks/api-stack.ts';
import { type SynthesizedApp, TEST_PREFIX } from './synthesize.ts';

// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation is untyped JSON.
type Json = any;
type Resources = Record<string, Json>;

/** The variables shared/config/env.ts and shared/auth/token-config.ts read, which every Lambda must get. */
const LAMBDA_VARIABLES = [
  'TABLE_NAME',
  'FILES_BUCKET',
  'ARTIFACTS_BUCKET',
  'FILES_BASE_URL',
  'PLATFORM_DOMAIN',
  'EMAIL_FROM',
  'GENERATE_STATE_MACHINE_ARN',
  'WEBSOCKET_URL',
  'WEBSOCKET_MANAGEMENT_URL',
  'JWT_SECRET_ID',
  'BYOK_MASTER_KEY_SECRET_ID',
  'ANTHROPIC_PLATFORM_KEY_SECRET_ID',
];

const MAX_RESOURCES_PER_STACK = 450;

function only(resources: Resources, what: string): [string, Json] {
  const entries = Object.entries(resources);
  expect(entries, what).toHaveLength(1);
  const [id, resource] = entries[0] ?? [];
  return [id ?? '', resource?.Properties];
}

/** Logical id of the function built for `ref` (its description is `module export`). */
function functionIdFor(template: Template, ref: HandlerRef): string {
  const functions = template.findResources('AWS::Lambda::Function', {
    Properties: { Description: `${ref.module} ${ref.export}` },
  });
  return only(functions, `function for ${ref.module} ${ref.export}`)[0];
}

/** Our functions (CDK's own custom-resource handlers have no catalogue description). */
function appFunctions(template: Template): Json[] {
  return Object.values(template.findResources('AWS::Lambda::Function') as Resources)
    .map((resource) => resource.Properties)
    .filter((properties) => /^functions\/\S+\.ts \S+$/.test(properties.Description ?? ''));
}

function distinct(refs: readonly HandlerRef[]): HandlerRef[] {
  return [...new Map(refs.map((ref) => [`${ref.module}#${ref.export}`, ref])).values()];
}

/** Registers the assertions on an app synthesized by `synth` (once, before them). */
export function describeSynthesizedApp(
  title: string,
  catalogue: Catalogue,
  rootDir: string,
  synth: () => SynthesizedApp,
): void {
  describe(title, () => {
    let app: SynthesizedApp;
    beforeAll(() => {
      app = synth();
    });

    it('has no cdk-nag error left unacknowledged', () => {
      expect(app.nagErrors).toEqual([]);
    });

    it(`keeps every stack under ${MAX_RESOURCES_PER_STACK} resources`, () => {
      for (const template of Object.values(app.templates)) {
        expect(Object.keys(template.toJSON().Resources).length).toBeLessThan(MAX_RESOURCES_PER_STACK);
      }
    });

    it('links stacks only through fixed names and the two named API exports', () => {
      const allowed = Object.values(ApiStack.EXPORTS).map((id) => `${TEST_PREFIX}:${id}`);
      for (const template of Object.values(app.templates)) {
        const json = JSON.stringify(template.toJSON());
        expect(json).not.toContain('Fn::GetStackOutput');
        for (const [, name] of json.matchAll(/"Fn::ImportValue":"([^"]*)"/g)) expect(allowed).toContain(name);
      }
    });

    it('creates the table exactly as shared/data/table-schema.ts describes it', () => {
      const [, table] = only(app.templates.data.findResources('AWS::DynamoDB::Table'), 'table');
      expect(table.TableName).toBe(TEST_PREFIX);
      expect(table.KeySchema).toEqual([
        { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
      ]);
      expect(table.AttributeDefinitions).toHaveLength(keyAttributeNames().length);
      expect(table.AttributeDefinitions).toEqual(
        expect.arrayContaining(
          keyAttributeNames().map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        ),
      );
      expect(table.GlobalSecondaryIndexes).toEqual(
        TABLE_SCHEMA.globalIndexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
      );
      expect(table.TimeToLiveSpecification).toEqual({
        AttributeName: TABLE_SCHEMA.ttlAttribute,
        Enabled: true,
      });
      expect(table.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.SSESpecification).toEqual({ SSEEnabled: true });
    });

    it('creates private, encrypted, access-logged files and artifacts buckets', () => {
      const buckets = Object.values(app.templates.data.findResources('AWS::S3::Bucket') as Resources).map(
        (resource) => resource.Properties,
      );
      const named = (purpose: string) =>
        buckets.find((bucket) => JSON.stringify(bucket.BucketName).includes(`${TEST_PREFIX}-${purpose}-`));
      for (const purpose of ['files', 'artifacts', 'logs']) {
        const bucket = named(purpose);
        expect(bucket, purpose).toBeDefined();
        expect(bucket.PublicAccessBlockConfiguration).toEqual({
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        });
        expect(bucket.BucketEncryption).toBeDefined();
      }
      expect(named('files').VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(named('files').LoggingConfiguration).toBeDefined();
      expect(named('artifacts').LoggingConfiguration).toBeDefined();
      expect(named('artifacts').LifecycleConfiguration.Rules[0].ExpirationInDays).toBeGreaterThan(0);
    });

    it('routes every entry of the route table, with the authorizer exactly on non-public routes', () => {
      const api = app.templates.api;
      const [httpApiId] = only(
        api.findResources('AWS::ApiGatewayV2::Api', { Properties: { ProtocolType: 'HTTP' } }),
        'HTTP API',
      );
      const routes = Object.values(
        api.findResources('AWS::ApiGatewayV2::Route', {
          Properties: { ApiId: { Ref: httpApiId } },
        }) as Resources,
      ).map((resource) => resource.Properties);
      expect(routes.map((route) => route.RouteKey).sort()).toEqual(catalogue.routes.map(routeKey).sort());

      const authorizers = api.findResources('AWS::ApiGatewayV2::Authorizer');
      const protectedRoutes = catalogue.routes.filter((route) => route.permission !== null);
      if (protectedRoutes.length > 0) {
        const [authorizerId, authorizer] = only(authorizers, 'authorizer');
        expect(authorizer).toMatchObject({
          AuthorizerType: 'REQUEST',
          EnableSimpleResponses: true,
          AuthorizerPayloadFormatVersion: '2.0',
          IdentitySource: ['$request.header.Host'],
          AuthorizerResultTtlInSeconds: 0,
        });
        expect(JSON.stringify(authorizer.AuthorizerUri)).toContain(functionIdFor(api, catalogue.authorizer));
        for (const route of protectedRoutes) {
          expect(routes.find((r) => r.RouteKey === routeKey(route))).toMatchObject({
            AuthorizationType: 'CUSTOM',
            AuthorizerId: { Ref: authorizerId },
          });
        }
      }
      for (const route of catalogue.routes.filter((r) => r.permission === null)) {
        expect(routes.find((r) => r.RouteKey === routeKey(route))?.AuthorizationType).toBe('NONE');
      }
    });

    it('serves each route with the Lambda of its module, on nodejs22.x', () => {
      const api = app.templates.api;
      const integrations = api.findResources('AWS::ApiGatewayV2::Integration') as Resources;
      const routes = api.findResources('AWS::ApiGatewayV2::Route') as Resources;
      for (const route of catalogue.routes) {
        const cfnRoute = Object.values(routes).find((r) => r.Properties.RouteKey === routeKey(route));
        const integrationId = JSON.stringify(cfnRoute?.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
        const uri = JSON.stringify(integrations[integrationId]?.Properties.IntegrationUri);
        expect(uri, routeKey(route)).toContain(functionIdFor(api, lambdaEntry(route)));
      }
      const routeModules = new Set(catalogue.routes.map((route) => route.handler.module));
      const webSocketHandlers = distinct(catalogue.webSocketRoutes.map((route) => route.handler));
      const authorizers = catalogue.routes.some((route) => route.permission !== null) ? 1 : 0;
      expect(appFunctions(api)).toHaveLength(routeModules.size + authorizers + webSocketHandlers.length);
    });

    it('runs every Lambda on nodejs22.x with the whole configuration, arm64 unless it needs Chromium', () => {
      const all = [app.templates.api, app.templates.pipeline, app.templates.schedules].flatMap(appFunctions);
      expect(all.length).toBeGreaterThan(0);
      for (const fn of all) {
        expect(fn.Runtime).toBe('nodejs22.x');
        expect(Object.keys(fn.Environment.Variables)).toEqual(expect.arrayContaining(LAMBDA_VARIABLES));
        const entry = join(rootDir, fn.Description.split(' ')[0]);
        const chromium = importsChromium(entry);
        expect(fn.Architectures, fn.Description).toEqual([chromium ? 'x86_64' : 'arm64']);
        expect(fn.Layers?.length ?? 0, fn.Description).toBe(chromium ? 1 : 0);
        if (chromium) expect(fn.MemorySize, fn.Description).toBeGreaterThanOrEqual(CHROMIUM_MEMORY_SIZE);
        // Functions that render or review PDFs find the templates bundled with them.
        expect(fn.Environment.Variables.TEMPLATES_DIR, fn.Description).toBe(
          readsPdfAssets(rootDir, entry) ? BUNDLED_TEMPLATES_DIR : undefined,
        );
      }
    });

    it('has the WebSocket API with the routes of its table', () => {
      const api = app.templates.api;
      const [webSocketId, webSocket] = only(
        api.findResources('AWS::ApiGatewayV2::Api', { Properties: { ProtocolType: 'WEBSOCKET' } }),
        'WebSocket API',
      );
      expect(webSocket.RouteSelectionExpression).toBe(catalogue.webSocketRouteSelection);
      const routes = Object.values(
        api.findResources('AWS::ApiGatewayV2::Route', {
          Properties: { ApiId: { Ref: webSocketId } },
        }) as Resources,
      );
      expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
        catalogue.webSocketRoutes.map((route) => route.routeKey).sort(),
      );
      api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        ApiId: { Ref: webSocketId },
        StageName: 'test',
      });
    });

    it('builds one Standard state machine per catalogue entry, its placeholders bound to Lambda ARNs', () => {
      const pipeline = app.templates.pipeline;
      for (const definition of catalogue.stateMachines) {
        const [, machine] = only(
          pipeline.findResources('AWS::StepFunctions::StateMachine', {
            Properties: { StateMachineName: `${TEST_PREFIX}-${definition.name}` },
          }),
          definition.name,
        );
        expect(machine.StateMachineType).toBe('STANDARD');
        expect(machine.TracingConfiguration).toEqual({ Enabled: true });
        expect(machine.LoggingConfiguration.Level).toBe('ALL');
        const placeholders = placeholdersOf(readFileSync(join(rootDir, definition.definitionFile), 'utf8'));
        const expected = Object.fromEntries(
          placeholders.map((name) => {
            const ref = definition.tasks[name];
            if (!ref) throw new Error(`${definition.name}: no task for \${${name}}`);
            return [name, { 'Fn::GetAtt': [functionIdFor(pipeline, ref), 'Arn'] }];
          }),
        );
        expect(machine.DefinitionSubstitutions ?? {}).toEqual(expected);
      }
      const tasks = distinct(catalogue.stateMachines.flatMap((machine) => Object.values(machine.tasks)));
      expect(appFunctions(pipeline)).toHaveLength(tasks.length);
    });

    it('sizes each step function by its catalogue entry: the timeout of its Task states, its own memory', () => {
      const pipeline = app.templates.pipeline;
      const functions = pipeline.findResources('AWS::Lambda::Function') as Resources;
      for (const definition of catalogue.stateMachines) {
        const timeouts = taskTimeouts(readFileSync(join(rootDir, definition.definitionFile), 'utf8'));
        for (const [placeholder, ref] of Object.entries(definition.tasks)) {
          const fn = functions[functionIdFor(pipeline, ref)]?.Properties;
          const timeout = timeouts.get(placeholder);
          // Lambda allows at most 15 minutes; a state that waits longer would outlive its function.
          expect(fn.Timeout, `${ref.module} (${placeholder})`).toBeLessThanOrEqual(900);
          if (timeout !== undefined)
            expect(fn.Timeout, `${ref.module} (${placeholder})`).toBeGreaterThanOrEqual(timeout);
          if (ref.memorySize) expect(fn.MemorySize, ref.module).toBeGreaterThanOrEqual(ref.memorySize);
        }
      }
    });

    it('schedules every row of the schedule table, with its time zone, retries and a dead-letter queue', () => {
      const schedules = app.templates.schedules;
      schedules.resourceCountIs('AWS::Scheduler::Schedule', catalogue.schedules.length);
      for (const row of catalogue.schedules) {
        const [, schedule] = only(
          schedules.findResources('AWS::Scheduler::Schedule', {
            Properties: { Name: `${TEST_PREFIX}-${row.name}` },
          }),
          row.name,
        );
        expect(schedule.ScheduleExpression).toBe(row.expression);
        expect(schedule.ScheduleExpressionTimezone).toBe(row.timezone);
        expect(schedule.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
        expect(schedule.Target.DeadLetterConfig.Arn).toBeDefined();
        expect(JSON.stringify(schedule.Target.Arn)).toContain(functionIdFor(schedules, row.handler));
      }
    });

    it('fronts the dashboard, /files/* and /api/* with one logged CloudFront distribution', () => {
      const [, distribution] = only(
        app.templates.web.findResources('AWS::CloudFront::Distribution'),
        'distribution',
      );
      const config = distribution.DistributionConfig;
      expect(config.CacheBehaviors.map((behavior: Json) => behavior.PathPattern).sort()).toEqual([
        '/api/*',
        '/files/*',
      ]);
      expect(config.Logging).toBeDefined();
      expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
      app.templates.web.resourceCountIs('AWS::CloudFront::OriginAccessControl', 2);
    });
  });
}
