/**
 * The generation workflows: one Lambda per distinct task handler of the state-machine catalogue
 * and one Standard state machine per catalogue entry. State machines get fixed names, which is
 * how the API reaches them without referencing this stack (it is deployed after the API).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { handlerId } from '../../../shared/config/handler-ref.ts';
import { type Catalogue, taskTimeouts } from '../catalogue.ts';
import type { AppConfig } from '../config.ts';
import { CatalogueStateMachine } from '../constructs/catalogue-state-machine.ts';
import {
  grantBucket,
  grantManageConnections,
  grantSecretRead,
  grantSendEmail,
  grantTable,
} from '../constructs/grants.ts';
import { type FunctionSizing, LambdaGroup } from '../constructs/lambda-group.ts';
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

/**
 * Each step function's size: the memory its catalogue entry asks for, and as timeout the longest
 * `TimeoutSeconds` of the Task states that invoke it (the ASL file is the one source of both
 * limits, so the function never runs out of time before its state does, nor long after).
 */
function stepSizing(catalogue: Catalogue, rootDir: string): Map<string, FunctionSizing> {
  const sizing = new Map<string, { memorySize?: number; timeoutSeconds?: number }>();
  for (const machine of catalogue.stateMachines) {
    const timeouts = taskTimeouts(readFileSync(join(rootDir, machine.definitionFile), 'utf8'));
    for (const [placeholder, ref] of Object.entries(machine.tasks)) {
      const id = handlerId(ref);
      const known = sizing.get(id) ?? {};
      const timeout = timeouts.get(placeholder);
      sizing.set(id, {
        memorySize: Math.max(known.memorySize ?? 0, ref.memorySize ?? 0) || undefined,
        timeoutSeconds:
          timeout === undefined ? known.timeoutSeconds : Math.max(known.timeoutSeconds ?? 0, timeout),
      });
    }
  }
  return new Map(
    [...sizing].map(([id, size]) => [
      id,
      {
        memorySize: size.memorySize,
        timeout: size.timeoutSeconds === undefined ? undefined : Duration.seconds(size.timeoutSeconds),
      },
    ]),
  );
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
      const sizing = stepSizing(catalogue, rootDir);
      steps = new LambdaGroup(this, 'Steps', {
        rootDir,
        handlers: tasks,
        environment: lambdaEnvironment(this, config, names, webSocket),
        // Defaults for tasks whose catalogue entry and states say nothing; the step that renders
        // PDFs gets Chromium's memory on its own (see chromium.ts).
        memorySize: 1024,
        timeout: Duration.minutes(10),
        sizing: (ref) => sizing.get(handlerId(ref)),
        purpose: 'Generation pipeline steps: artifacts, documents, job progress pushed over WebSocket',
      });
      grantTable(steps.role, names.table, 'readWrite');
      grantBucket(steps.role, names.bucket('artifacts'), 'readWrite');
      grantBucket(steps.role, names.bucket('files'), 'readWrite');
      grantSendEmail(steps.role, config);
      grantManageConnections(steps.role, webSocket.apiId, webSocket.stageName);
      // Model keys: the agency's own (BYOK, decrypted only inside the step) or the platform's.
      grantSecretRead(steps.role, names.byokMasterKey);
      grantSecretRead(steps.role, names.anthropicPlatformKey);
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
