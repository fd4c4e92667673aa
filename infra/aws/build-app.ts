/**
 * Assembles the app: configuration, the five stacks in deployment order, and cdk-nag. Shared by
 * the CDK entry point (app.ts) and the tests, which pass their own App (context, no bundling).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type App, type Environment, Tags } from 'aws-cdk-lib';
import { CATALOGUE, type Catalogue, catalogueProblems } from './catalogue.ts';
import { readConfig } from './config.ts';
import { GENERATE_STATE_MACHINE } from './lambda-environment.ts';
import { enableNagChecks } from './nag.ts';
import { resourceNames } from './naming.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { PipelineStack } from './stacks/pipeline-stack.ts';
import { SchedulesStack } from './stacks/schedules-stack.ts';
import { WebStack } from './stacks/web-stack.ts';

/** The repository root: handler modules, ASL files and the dashboard build are found from here. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What to build the app from; by default the repository's own, in the CLI's environment. */
export interface BuildOptions {
  readonly rootDir?: string;
  readonly catalogue?: Catalogue;
  readonly env?: Environment;
}

/** The stacks of one stage. */
export interface ContentStrategistStacks {
  readonly data: DataStack;
  readonly api: ApiStack;
  readonly pipeline: PipelineStack;
  readonly schedules: SchedulesStack;
  readonly web: WebStack;
}

/**
 * Adds the stacks of the configured stage to `app`. Every stack depends on data (by name) and
 * api (its named exports); nothing depends on pipeline, schedules or web. The API reaches the
 * state machines by their fixed names, so it does not wait for the pipeline stack.
 */
export function buildApp(app: App, options: BuildOptions = {}): ContentStrategistStacks {
  const rootDir = options.rootDir ?? REPO_ROOT;
  const catalogue = options.catalogue ?? CATALOGUE;
  const problems = catalogueProblems(catalogue, rootDir);
  if (problems.length > 0) throw new Error(`The catalogue cannot be deployed:\n  ${problems.join('\n  ')}`);
  if (!catalogue.stateMachines.some((machine) => machine.name === GENERATE_STATE_MACHINE)) {
    throw new Error(`The state-machine catalogue has no ${GENERATE_STATE_MACHINE}, which the API starts`);
  }

  const config = readConfig(app);
  const names = resourceNames(config.stage);
  // Offline and without credentials the account is unknown: the stacks stay agnostic of it.
  const env: Environment = options.env ?? {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: process.env.CDK_DEFAULT_REGION,
  };
  // Stack ids carry the stage so that two stages in one account never generate the same
  // account-unique names (CloudFront functions, policies, origin access controls).
  const common = { env, config, names };
  const shared = { ...common, catalogue, rootDir };

  const data = new DataStack(app, names.stack('data'), {
    ...common,
    stackName: names.stack('data'),
    terminationProtection: config.retainData,
  });
  const api = new ApiStack(app, names.stack('api'), { ...shared, stackName: names.stack('api') });
  const pipeline = new PipelineStack(app, names.stack('pipeline'), {
    ...shared,
    stackName: names.stack('pipeline'),
  });
  const schedules = new SchedulesStack(app, names.stack('schedules'), {
    ...shared,
    stackName: names.stack('schedules'),
  });
  const web = new WebStack(app, names.stack('web'), { ...common, rootDir, stackName: names.stack('web') });
  api.addStackDependency(data, 'Lambdas use the table and buckets by name');
  for (const consumer of [pipeline, schedules, web]) {
    consumer.addStackDependency(api, 'imports the API ids (see ApiStack.EXPORTS)');
  }

  Tags.of(app).add('app', 'content-strategist');
  Tags.of(app).add('stage', config.stage);
  enableNagChecks(app);
  return { data, api, pipeline, schedules, web };
}
