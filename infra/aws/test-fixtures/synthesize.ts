/**
 * Synthesizes the app the way `cdk synth` does (the feature flags of cdk.json, cdk-nag) but
 * without esbuild or the CloudFormation validator, and returns the templates and the cdk-nag
 * errors nobody acknowledged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type BuildOptions, buildApp, type ContentStrategistStacks, REPO_ROOT } from '../build-app.ts';

/** Configuration of every test synthesis. */
export const TEST_CONTEXT = { 'cs:stage': 'test', 'cs:platformDomain': 'platform.example.test' } as const;

/** The names the test stage's resources get. */
export const TEST_PREFIX = 'content-strategist-test';

/** Result of one synthesis. */
export interface SynthesizedApp {
  readonly stacks: ContentStrategistStacks;
  readonly templates: { readonly [K in keyof ContentStrategistStacks]: Template };
  /** `rule @ construct path` for each cdk-nag error that is not acknowledged. */
  readonly nagErrors: string[];
}

interface ValidationReport {
  pluginReports: {
    violations: { ruleName: string; severity?: string; violatingConstructs: { constructPath?: string }[] }[];
  }[];
}

/** The context of cdk.json: the feature flags `cdk synth` runs with. */
function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
}

/** Builds and synthesizes the app; `context` adds to (or overrides) the test configuration. */
export function synthesize(
  options: BuildOptions & { context?: Record<string, string> } = {},
): SynthesizedApp {
  const app = new App({
    builtinCloudFormationValidation: false,
    context: {
      ...cdkJsonContext(),
      ...TEST_CONTEXT,
      ...options.context,
      'aws:cdk:bundling-stacks': [],
      // Findings go to the validation report instead of an exception, so tests can list them.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
    },
  });
  const stacks = buildApp(app, options);
  const assembly = app.synth();

  const report: ValidationReport = JSON.parse(
    readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
  );
  const nagErrors = report.pluginReports.flatMap((plugin) =>
    plugin.violations
      .filter((violation) => violation.severity === 'error')
      .flatMap((violation) =>
        violation.violatingConstructs.map((c) => `${violation.ruleName} @ ${c.constructPath}`),
      ),
  );
  return {
    stacks,
    templates: {
      data: Template.fromStack(stacks.data),
      api: Template.fromStack(stacks.api),
      pipeline: Template.fromStack(stacks.pipeline),
      schedules: Template.fromStack(stacks.schedules),
      web: Template.fromStack(stacks.web),
    },
    nagErrors,
  };
}
