/**
 * The stateful part: the one DynamoDB table (from `shared/data/table-schema.ts`), the files and
 * artifacts buckets, the bucket the access logs of every bucket and of CloudFront go to, and the
 * JWT signing key.
 * Everything here has a fixed name (naming.ts), which is how the other stacks reach it.
 */
import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../../shared/data/table-schema.ts';
import type { AppConfig } from '../config.ts';
import { acknowledge } from '../nag.ts';
import { bucketArn, type ResourceNames } from '../naming.ts';

/** Inputs of the data stack. */
export interface DataStackProps extends StackProps {
  readonly config: AppConfig;
  readonly names: ResourceNames;
}

/** Prefix of the S3 server access logs of bucket `purpose` in the logs bucket. */
export function accessLogPrefix(purpose: string): string {
  return `s3/${purpose}/`;
}

/** Table, files, artifacts and logs. */
export class DataStack extends Stack {
  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config, names } = props;
    // Outside production, deleting the stack deletes the data too (a non-empty bucket makes the
    // deletion fail rather than silently emptying it); in production data outlives the stack.
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const table = new Table(this, 'Table', {
      tableName: names.table,
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      deletionProtection: config.retainData,
      removalPolicy,
    });
    for (const index of TABLE_SCHEMA.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }

    const secure: BucketProps = {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      removalPolicy,
    };

    const logsBucket = new Bucket(this, 'LogsBucket', {
      ...secure,
      bucketName: names.bucket('logs'),
      // CloudFront standard logs are delivered with object ACLs, which BucketOwnerEnforced refuses.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    // Buckets of other stacks (the dashboard's) log here too; CDK writes the grants only for
    // buckets of this stack, so this one covers every bucket of the app by name.
    logsBucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('logging.s3.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [logsBucket.arnForObjects(`${accessLogPrefix('*')}*`)],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': bucketArn(`${names.prefix}-*`) },
        },
      }),
    );

    const filesBucket = new Bucket(this, 'FilesBucket', {
      ...secure,
      bucketName: names.bucket('files'),
      // Customer documents and brand assets: a deleted or overwritten object stays recoverable
      // for 30 days, which is also the grace period of the hard-delete sweep.
      versioned: true,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: accessLogPrefix('files'),
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(30),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
    // CloudFront serves `/files/*` with origin access control. The distribution lives in the web
    // stack, deployed after this one, so the grant names this account's distributions rather
    // than one id (the same compromise CDK makes for KMS keys behind OAC).
    filesBucket.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [filesBucket.arnForObjects('*')],
        conditions: {
          StringEquals: { 'AWS:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*` },
        },
      }),
    );

    const artifactsBucket = new Bucket(this, 'ArtifactsBucket', {
      ...secure,
      bucketName: names.bucket('artifacts'),
      // Intermediate pipeline outputs, rewritten by retried steps and reproducible by a new
      // generation: no versioning, and they expire once no one will look at a run again.
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: accessLogPrefix('artifacts'),
      lifecycleRules: [
        { expiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    // HMAC key of the access tokens. Verifiers accept the AWSCURRENT and AWSPREVIOUS versions,
    // so a new version (PutSecretValue) rotates it without signing anyone out.
    const jwtSecret = new Secret(this, 'JwtSigningKey', {
      secretName: names.jwtSecret,
      description: 'HMAC key (HS256) of the access tokens; see shared/auth/signing-key.ts',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    acknowledge(
      jwtSecret,
      'AwsSolutions-SMG4',
      'No rotation Lambda exists yet for this HMAC key; the verifiers already accept the previous version, so rotating is a PutSecretValue away and scheduling it needs only that Lambda.',
    );

    // The agencies' own provider keys (BYOK) are envelope-encrypted under a key derived from this
    // secret; versions stay readable, so a new version rotates it for new writes only.
    const byokMasterKey = new Secret(this, 'ByokMasterKey', {
      secretName: names.byokMasterKey,
      description: 'Master secret of the BYOK envelope encryption; see shared/crypto/',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    acknowledge(
      byokMasterKey,
      'AwsSolutions-SMG4',
      'Rotation means re-encrypting every stored provider key under the new version; until that job exists, old versions stay readable and a new version (PutSecretValue) applies to new writes.',
    );

    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'FilesBucketName', { value: filesBucket.bucketName });
    new CfnOutput(this, 'ArtifactsBucketName', { value: artifactsBucket.bucketName });
  }
}
