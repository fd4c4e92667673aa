/**
 * A Standard state machine from a catalogue entry of `shared/state-machines.ts`: the ASL file as
 * written (the local runtime runs the same file), with each `${Placeholder}` of its Task states
 * substituted by the ARN of the Lambda bound to it (catalogue.ts has checked that the file's
 * placeholders and the entry's tasks are the same set).
 */
import { join } from 'node:path';
import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StateMachineDefinition } from '../../../shared/state-machines.ts';
import { acknowledgeWildcardResource } from '../nag.ts';
import type { LambdaGroup } from './lambda-group.ts';

/** Inputs of one catalogue state machine. */
export interface CatalogueStateMachineProps {
  readonly definition: StateMachineDefinition;
  readonly stateMachineName: string;
  readonly rootDir: string;
  /** Holds the function of every task of the definition; absent when it has no tasks. */
  readonly steps: LambdaGroup | undefined;
}

/** Standard workflow with full logging and X-Ray tracing. */
export class CatalogueStateMachine extends Construct {
  constructor(scope: Construct, id: string, props: CatalogueStateMachineProps) {
    super(scope, id);
    const { definition, steps } = props;
    const file = join(props.rootDir, definition.definitionFile);

    const tasks = Object.entries(definition.tasks).map(([placeholder, ref]) => {
      const fn = steps?.functionFor(ref);
      if (!fn) throw new Error(`State machine ${definition.name}: no function for task \${${placeholder}}`);
      return [placeholder, fn] as const;
    });

    const stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(file),
      definitionSubstitutions: Object.fromEntries(
        tasks.map(([placeholder, fn]) => [placeholder, fn.functionArn]),
      ),
      logs: {
        // Vended-log group names under this prefix keep Step Functions' log resource policy small.
        destination: new LogGroup(this, 'Logs', {
          logGroupName: `/aws/vendedlogs/states/${props.stateMachineName}`,
          retention: RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: LogLevel.ALL,
        // Steps pass ids and S3 keys, never content (ARCHITECTURE §5), so payloads are safe to log.
        includeExecutionData: true,
      },
      tracingEnabled: true,
    });

    // A definition from a file is opaque to CDK, which therefore grants nothing for its tasks.
    const functionArns = [...new Set(tasks.map(([, fn]) => fn.functionArn))];
    if (functionArns.length > 0) {
      stateMachine.addToRolePolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: functionArns }),
      );
    }
    acknowledgeWildcardResource(
      this,
      '*',
      'CloudWatch Logs log delivery (logs:*LogDelivery, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and X-Ray (PutTraceSegments, PutTelemetryRecords, GetSampling*) support no resource-level permissions.',
    );
  }
}
