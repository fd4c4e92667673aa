/**
 * The front door: one CloudFront distribution serving the dashboard (its own bucket), the public
 * files (`/files/*`, from the data stack's bucket) and the API (`/api/*`, never cached), with
 * security headers, TLS 1.2+ when a certificate is configured, and access logs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Annotations,
  Aws,
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionEventType,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { AppConfig } from '../config.ts';
import { DashboardDeployment } from '../constructs/dashboard-deployment.ts';
import { edgeFunction } from '../constructs/edge-functions.ts';
import { acknowledge } from '../nag.ts';
import type { ResourceNames } from '../naming.ts';
import { ApiStack } from './api-stack.ts';
import { accessLogPrefix } from './data-stack.ts';

/** Inputs of the web stack. */
export interface WebStackProps extends StackProps {
  readonly config: AppConfig;
  readonly names: ResourceNames;
  readonly rootDir: string;
}

/** Host names the distribution answers for, given a certificate: the platform, its tenants, the files host. */
function domainNames(config: AppConfig): string[] {
  const names = [config.platformDomain, `*.${config.platformDomain}`];
  const coveredByWildcard = config.filesDomain.split('.').slice(1).join('.') === config.platformDomain;
  return coveredByWildcard || config.filesDomain === config.platformDomain
    ? names
    : [...names, config.filesDomain];
}

/** Distribution, dashboard bucket, edge functions and headers policy. */
export class WebStack extends Stack {
  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config, names } = props;
    const logsBucket = Bucket.fromBucketName(this, 'LogsBucket', names.bucket('logs'));
    const filesBucket = Bucket.fromBucketName(this, 'FilesBucket', names.bucket('files'));

    const dashboardBucket = new Bucket(this, 'DashboardBucket', {
      bucketName: names.bucket('dashboard'),
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // Holds nothing but a build of frontend/, reproducible from the repository, so it is not kept.
      removalPolicy: RemovalPolicy.DESTROY,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: accessLogPrefix('dashboard'),
    });
    acknowledge(
      dashboardBucket,
      '@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
      'The logs bucket policy in the data stack already lets S3 log delivery write the access logs of every bucket of this app.',
    );

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `${names.prefix}: security headers on every response`,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.SAMEORIGIN, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const httpApiId = Fn.importValue(names.export(ApiStack.EXPORTS.httpApiId));
    const apiOrigin = new HttpOrigin(`${httpApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    const filesOrigin = S3BucketOrigin.withOriginAccessControl(filesBucket);
    acknowledge(
      this,
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      'The files bucket policy in the data stack grants this account’s CloudFront distributions read access (the distribution id is not known before this stack exists).',
    );

    const certificate = config.certificateArn
      ? Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn)
      : undefined;

    const distribution = new Distribution(this, 'Distribution', {
      comment: `${names.prefix}: dashboard, /files, /api`,
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      certificate,
      domainNames: certificate ? domainNames(config) : undefined,
      minimumProtocolVersion: certificate ? SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      webAclId: config.webAclArn,
      enableLogging: true,
      logBucket: logsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(dashboardBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [
          { function: edgeFunction(this, 'dashboardIndex'), eventType: FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        '/files/*': {
          origin: filesOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: securityHeaders,
          functionAssociations: [
            { function: edgeFunction(this, 'filesPrefix'), eventType: FunctionEventType.VIEWER_REQUEST },
          ],
        },
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          // Every response depends on the caller; API Gateway must see its own Host header.
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
          functionAssociations: [
            { function: edgeFunction(this, 'forwardedHost'), eventType: FunctionEventType.VIEWER_REQUEST },
          ],
        },
      },
    });
    acknowledge(
      distribution,
      'AwsSolutions-CFR1',
      'Agencies and the readers of their documents are worldwide; no country is excluded by the product.',
    );
    if (!config.webAclArn) {
      acknowledge(
        distribution,
        'AwsSolutions-CFR2',
        'No web ACL configured (context cs:webAclArn; CloudFront web ACLs live in us-east-1, outside this stack). Floods are capped by API Gateway throttling and per-tenant rate limits (PRD §16).',
      );
    }
    if (!certificate) {
      acknowledge(
        distribution,
        'AwsSolutions-CFR4',
        'Without a certificate (context cs:certificateArn, required for the prod stage) CloudFront serves its *.cloudfront.net certificate, whose TLS policy it fixes; with one, the minimum is TLSv1.2_2021.',
      );
    }

    const dashboardBuild = join(props.rootDir, config.dashboardDir);
    if (existsSync(dashboardBuild)) {
      new DashboardDeployment(this, 'Dashboard', {
        sourceDir: dashboardBuild,
        bucket: dashboardBucket,
        distribution,
      });
    } else {
      Annotations.of(this).addWarningV2(
        'content-strategist:dashboardNotBuilt',
        `${dashboardBuild} does not exist: the dashboard bucket is left as it is. Build the frontend before deploying.`,
      );
    }

    new CfnOutput(this, 'DistributionDomainName', { value: distribution.distributionDomainName });
    new CfnOutput(this, 'DistributionId', { value: distribution.distributionId });
    new CfnOutput(this, 'DashboardBucketName', { value: dashboardBucket.bucketName });
  }
}
