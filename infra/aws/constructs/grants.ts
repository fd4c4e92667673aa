/**
 * Least-privilege grants for the roles of the Lambdas. Resources are addressed by their fixed
 * names (see naming.ts). Where a wildcard cannot be avoided (object keys, execution names and
 * connection ids only exist at run time) it is confined to one resource and acknowledged here,
 * with the reason, on the role that holds it.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import { TABLE_SCHEMA } from '../../../shared/data/table-schema.ts';
import { type AppConfig, emailDomain } from '../config.ts';
import { acknowledgeWildcardResource } from '../nag.ts';
import { bucketArn, executionsArn, secretArn, stateMachineArn, tableArn } from '../naming.ts';

/** Read only, or read and write. */
export type Access = 'read' | 'readWrite';

// No Scan: every access pattern reads a key or an index (ARCHITECTURE §3), so a handler that
// scans is a bug this grant exposes early.
const TABLE_READ = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
const TABLE_WRITE = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** Items of the table (transactions are authorised per contained action) and queries of its indexes. */
export function grantTable(role: Role, tableName: string, access: Access): void {
  const table = tableArn(role, tableName);
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: access === 'read' ? TABLE_READ : [...TABLE_READ, ...TABLE_WRITE],
      resources: [table],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: TABLE_SCHEMA.globalIndexes.map((index) => `${table}/index/${index.name}`),
    }),
  );
}

/** Objects of one bucket, plus listing it (so a missing key reads as 404, and prefixes can be purged). */
export function grantBucket(role: Role, bucketName: string, access: Access): void {
  const objects = `${bucketArn(bucketName)}/*`;
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions:
        access === 'read'
          ? ['s3:GetObject']
          : ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [objects],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucketArn(bucketName)] }),
  );
  acknowledgeWildcardResource(
    role,
    objects,
    'Object keys are per tenant and document ({agency}/{document}/...) and only known at run time; the wildcard covers the objects of this one bucket.',
  );
}

/** Reading the secret named `name` (all its versions: verifiers accept AWSCURRENT and AWSPREVIOUS). */
export function grantSecretRead(role: Role, name: string): void {
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn(role, name)] }),
  );
}

/** Sending email as the configured sender (its address or its domain, whichever SES verified). */
export function grantSendEmail(role: Role, config: AppConfig): void {
  const identity = (name: string) =>
    Stack.of(role).formatArn({ service: 'ses', resource: 'identity', resourceName: name });
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [identity(emailDomain(config)), identity(config.emailFrom)],
    }),
  );
}

/** Starting, inspecting and stopping executions of the state machine named `name`. */
export function grantExecutions(role: Role, name: string): void {
  const executions = executionsArn(role, name);
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachineArn(role, name)] }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['states:DescribeExecution', 'states:StopExecution'],
      resources: [executions],
    }),
  );
  acknowledgeWildcardResource(
    role,
    executions,
    `Execution names are chosen per document at run time; the wildcard covers executions of state machine ${name} only.`,
  );
}

/** Posting to, reading and closing the connections of one WebSocket API stage (`@connections`). */
export function grantManageConnections(role: Role, webSocketApiId: string, stageName: string): void {
  const connections = `arn:${Aws.PARTITION}:execute-api:${Aws.REGION}:${Aws.ACCOUNT_ID}:${webSocketApiId}/${stageName}/*/@connections/*`;
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['execute-api:ManageConnections'], resources: [connections] }),
  );
  acknowledgeWildcardResource(
    role,
    connections,
    'Connection ids exist only at run time; the wildcard covers the @connections of this one WebSocket stage (POST, GET, DELETE).',
  );
}
