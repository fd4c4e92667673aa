/**
 * The sweeps of PRD §13.1: one EventBridge Scheduler schedule per row of `shared/schedules.ts`,
 * each invoking its handler's Lambda in the row's time zone, with retries and a dead-letter queue.
 */
import { Duration, Fn, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { Catalogue } from '../catalogue.ts';
import type { AppConfig } from '../config.ts';
import { grantBucket, grantSendEmail, grantTable } from '../constructs/grants.ts';
import { LambdaGroup } from '../constructs/lambda-group.ts';
import { lambdaEnvironment } from '../lambda-environment.ts';
import { acknowledge, acknowledgeWildcardResource } from '../nag.ts';
import { pascalCase, type ResourceNames } from '../naming.ts';
import { ApiStack } from './api-stack.ts';

/** Inputs of the schedules stack. */
export interface SchedulesStackProps extends StackProps {
  readonly config: AppConfig;
  readonly names: ResourceNames;
  readonly catalogue: Catalogue;
  readonly rootDir: string;
}

/** Sweep Lambdas, their schedules and the dead-letter queue of failed invocations. */
export class SchedulesStack extends Stack {
  constructor(scope: Construct, id: string, props: SchedulesStackProps) {
    super(scope, id, props);
    const { config, names, catalogue, rootDir } = props;
    if (catalogue.schedules.length === 0) return;

    const sweeps = new LambdaGroup(this, 'Sweeps', {
      rootDir,
      handlers: catalogue.schedules.map((row) => row.handler),
      environment: lambdaEnvironment(this, config, names, {
        apiId: Fn.importValue(names.export(ApiStack.EXPORTS.webSocketApiId)),
        stageName: config.stage,
      }),
      memorySize: 1024,
      timeout: Duration.minutes(5),
      purpose: 'Scheduled sweeps: due content, expiry and retention, usage periods and warnings, cleanup',
    });
    grantTable(sweeps.role, names.table, 'readWrite');
    // Retention deletes documents' objects and the artifacts of their runs (PRD §13.1).
    grantBucket(sweeps.role, names.bucket('files'), 'readWrite');
    grantBucket(sweeps.role, names.bucket('artifacts'), 'readWrite');
    grantSendEmail(sweeps.role, config);

    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      deadLetters,
      'AwsSolutions-SQS3',
      'This queue is the dead-letter queue of the Scheduler targets; a dead-letter queue has no dead-letter queue of its own.',
    );

    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'EventBridge Scheduler invoking the sweep Lambdas',
    });
    for (const row of catalogue.schedules) {
      const fn = sweeps.functionFor(row.handler);
      new Schedule(this, pascalCase(row.name), {
        scheduleName: `${names.prefix}-${row.name}`,
        description: row.description,
        schedule: ScheduleExpression.expression(row.expression, TimeZone.of(row.timezone)),
        target: new LambdaInvoke(fn, {
          role: schedulerRole,
          deadLetterQueue: deadLetters,
          retryAttempts: 3,
          // Sweeps are idempotent and the next run catches up: retrying for longer is of no use.
          maxEventAge: Duration.hours(1),
        }),
      });
      acknowledgeWildcardResource(
        schedulerRole,
        `${fn.functionArn}:*`,
        `Lambda's invoke grant also covers the versions and aliases (:*) of ${row.handler.module}; nothing beyond that one function.`,
      );
    }
  }
}
