/**
 * cdk-nag (AwsSolutions) runs as a CDK validation plugin on every synthesis: `cdk synth` and the
 * tests fail on any finding not acknowledged with a reason. Acknowledgements sit next to the
 * resource they concern; these helpers keep their ids exact.
 */
import { type App, Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, rules } from 'cdk-nag';
// The IAM5 rule names each wildcard finding with this function; using it too makes the
// acknowledged ids match the findings exactly.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/** Registers the AwsSolutions rule pack on the whole app. */
export function enableNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

/** Acknowledges rule `id` (e.g. `AwsSolutions-L1`) for `scope` and everything below it. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges the AwsSolutions-IAM5 finding for the wildcard resource `arn` in policies under
 * `scope`. `arn` is the same string (usually a token) the policy statement was given.
 */
export function acknowledgeWildcardResource(scope: IConstruct, arn: string, reason: string): void {
  const flat = flattenCfnReference(Stack.of(scope).resolve(arn));
  acknowledge(scope, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
}

/** Acknowledges the AwsSolutions-IAM4 finding for AWS managed policy `policyArn` on roles under `scope`. */
export function acknowledgeManagedPolicy(scope: IConstruct, policyArn: string, reason: string): void {
  const flat = flattenCfnReference(Stack.of(scope).resolve(policyArn));
  acknowledge(scope, `AwsSolutions-IAM4[Policy::${flat}]`, reason);
}

/**
 * For policies generated inside a construct we do not write (CDK's own handlers), acknowledges
 * each AwsSolutions-IAM5 finding that matches one of `reasons`. A finding nothing explains stays
 * reported, so a change in what the construct grants is noticed.
 */
export function acknowledgeGeneratedWildcards(scope: IConstruct, reasons: readonly [RegExp, string][]): void {
  for (const policy of scope.node.findAll().filter((node) => node instanceof CfnPolicy)) {
    const findings = rules.iam.IAMNoWildcardPermissions(policy);
    if (!Array.isArray(findings)) continue;
    for (const finding of findings) {
      const reason = reasons.find(([pattern]) => pattern.test(finding))?.[1];
      if (reason) acknowledge(scope, `AwsSolutions-IAM5[${finding}]`, reason);
    }
  }
}
