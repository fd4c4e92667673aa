/**
 * The generation workflows: one Lambda per distinct task handler of the state-machine catalogue
 * and one Standard state machine per catalogue entry. State machines get fixed names, which is
 * how the API reaches them without referencing this stack (it is deployed after the API).
 */
import { Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Catalogue } from '../catalogue.ts';
import type { AppConfig } from '../config.ts';
import { CatalogueStateMachine } from '../constructs/catalogue-state-machine.ts';
import { grantBucket, grantManageConnections, grantSendEmail, grantTable } from '../constructs/grants.ts';
import { LambdaGroup } from '../constructs/lambda-group.ts';
import { lambdaEnvironment } from '../lambda-environment.ts';
import { pascalCase, type ResourceNames } from '../naming.ts';
import { ApiStack } from './api-stack.ts';

/** Inputs of the pipeline stack. */
export interface PipelineStackProps extends StackProps {
  readonly config: AppConfig;
  readonly names: ResourceNames;
  readonly catalogue: Catalogue;
  readonly rootDir: string;
}

/** Step Lambdas and state machines. */
export class PipelineStack extends Stack {
  constructor(scope: Construct, id: string, props: PipelineStackProps) {
    super(scope, id, props);
    const { config, names, catalogue, rootDir } = props;
    const webSocket = {
      apiId: Fn.importValue(names.export(ApiStack.EXPORTS.webSocketApiId)),
      stageName: config.stage,
    };

    const tasks = catalogue.stateMachines.flatMap((machine) => Object.values(machine.tasks));
    let steps: LambdaGroup | undefined;
    if (tasks.length > 0) {
      steps = new LambdaGroup(this, 'Steps', {
        rootDir,
        handlers: tasks,
        environment: lambdaEnvironment(this, config, names, webSocket),
        // LLM calls and web research make steps long, but each is one bounded unit of work; the
        // step that renders PDFs gets Chromium's memory on its own (see chromium.ts).
        memorySize: 1024,
        timeout: Duration.minutes(10),
        purpose: 'Generation pipeline steps: artifacts, documents, job progress pushed over WebSocket',
      });
      grantTable(steps.role, names.table, 'readWrite');
      grantBucket(steps.role, names.bucket('artifacts'), 'readWrite');
      grantBucket(steps.role, names.bucket('files'), 'readWrite');
      grantSendEmail(steps.role, config);
      grantManageConnections(steps.role, webSocket.apiId, webSocket.stageName);
    }

    for (const definition of catalogue.stateMachines) {
      new CatalogueStateMachine(this, pascalCase(definition.name), {
        definition,
        stateMachineName: names.stateMachine(definition.name),
        rootDir,
        steps,
      });
    }
  }
}
