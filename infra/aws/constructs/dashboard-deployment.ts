/**
 * Uploads the dashboard build to its bucket on deploy, with the caching the local gateway also
 * applies (infra/local/dashboard/caching.ts): fingerprinted `_astro/` files are immutable, every
 * other file is revalidated on each use. CloudFront's cache is invalidated after each upload.
 */
import { Stack } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  acknowledge,
  acknowledgeGeneratedWildcards,
  acknowledgeManagedPolicy,
  acknowledgeWildcardResource,
} from '../nag.ts';

/** Inputs of the dashboard upload. */
export interface DashboardDeploymentProps {
  /** The Astro build (`frontend/dist`), absolute. */
  readonly sourceDir: string;
  readonly bucket: IBucket;
  readonly distribution: IDistribution;
}

/** Two uploads of one build: fingerprinted assets first, then the pages that reference them. */
export class DashboardDeployment extends Construct {
  constructor(scope: Construct, id: string, props: DashboardDeploymentProps) {
    super(scope, id);
    const source = Source.asset(props.sourceDir);
    const assets = new BucketDeployment(this, 'Assets', {
      sources: [source],
      destinationBucket: props.bucket,
      exclude: ['*'],
      include: ['_astro/*'],
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      // Pages cached by browsers before this deploy still reference the previous bundles.
      prune: false,
    });
    const pages = new BucketDeployment(this, 'Pages', {
      sources: [source],
      destinationBucket: props.bucket,
      exclude: ['_astro/*'],
      cacheControl: [CacheControl.noCache()],
      distribution: props.distribution,
      distributionPaths: ['/*'],
    });
    pages.node.addDependency(assets);
    acknowledgeDeploymentHandler(this, props.bucket);
  }
}

/**
 * The uploads run in a Lambda that CDK writes and shares across the stack (a singleton beside
 * this construct, not under it); its findings are acknowledged on it, each with its reason.
 */
function acknowledgeDeploymentHandler(scope: Construct, bucket: IBucket): void {
  const handler = Stack.of(scope).node.children.find((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  if (!handler) return;
  acknowledge(
    handler,
    'AwsSolutions-L1',
    "CDK's BucketDeployment handler: its runtime is chosen by aws-cdk-lib and moves with it.",
  );
  acknowledgeManagedPolicy(
    handler,
    ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole').managedPolicyArn,
    "CDK's BucketDeployment handler role: the basic execution policy only lets it write its own logs.",
  );
  acknowledgeWildcardResource(
    handler,
    bucket.arnForObjects('*'),
    'The objects of the dashboard bucket, which holds nothing but the build.',
  );
  acknowledgeGeneratedWildcards(handler, [
    [
      /^Action::s3:(GetObject|GetBucket|List)\*$/,
      'Reads the uploaded build from the CDK assets bucket (CDK grant).',
    ],
    [
      /^Resource::arn:(<AWS::Partition>|aws[a-z-]*):s3:::cdk-[a-z0-9]+-assets-.*\/\*$/,
      'The objects of the CDK assets bucket holding the build.',
    ],
    [
      /^Action::s3:(DeleteObject|Abort)\*$/,
      'Syncs the dashboard bucket: replaces and prunes pages (CDK grant).',
    ],
    [/^Resource::\*$/, 'cloudfront:CreateInvalidation/GetInvalidation after the upload, as CDK grants it.'],
  ]);
}
