/**
 * Physical names of the resources other stacks reach. The table, the buckets and the state
 * machines get fixed names derived from the stage, so a consumer builds their names and ARNs
 * itself instead of importing them: no CloudFormation export pins the data stack, and the IAM
 * findings cdk-nag reports on those ARNs are predictable enough to acknowledge precisely.
 * Values that cannot be named in advance (API ids) travel as explicitly named exports.
 */
import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Buckets of the app, by purpose. */
export type BucketPurpose = 'files' | 'artifacts' | 'logs' | 'dashboard';

/** Names for one stage of the app. */
export interface ResourceNames {
  /** `content-strategist-{stage}`: the prefix of every stack and resource name. */
  readonly prefix: string;
  readonly table: string;
  /** The Secrets Manager secret holding the JWT signing key (shared/auth/signing-key.ts). */
  readonly jwtSecret: string;
  /** The Secrets Manager secret the BYOK master key is derived from (shared/crypto). */
  readonly byokMasterKey: string;
  /**
   * The Secrets Manager secret with the platform's Anthropic key (`included` plans). Operators
   * create it when the platform pays for Claude; while it does not exist there is no platform key.
   */
  readonly anthropicPlatformKey: string;
  bucket(purpose: BucketPurpose): string;
  stack(id: string): string;
  stateMachine(catalogueName: string): string;
  export(id: string): string;
}

/** The names of stage `stage`. */
export function resourceNames(stage: string): ResourceNames {
  const prefix = `content-strategist-${stage}`;
  return {
    prefix,
    table: prefix,
    jwtSecret: `${prefix}/jwt-signing-key`,
    byokMasterKey: `${prefix}/byok-master-key`,
    anthropicPlatformKey: `${prefix}/anthropic-platform-key`,
    // Bucket names are global: the account id makes them unique (at most 58 characters).
    bucket: (purpose) => `${prefix}-${purpose}-${Aws.ACCOUNT_ID}`,
    stack: (id) => `${prefix}-${id}`,
    stateMachine: (catalogueName) => `${prefix}-${catalogueName}`,
    export: (id) => `${prefix}:${id}`,
  };
}

/** ARN of a bucket (`arn:aws:s3:::name`); objects are `${bucketArn}/key`. */
export function bucketArn(name: string): string {
  return `arn:${Aws.PARTITION}:s3:::${name}`;
}

/**
 * ARN pattern of the secret named `name`: Secrets Manager appends six random characters, which
 * `??????` matches without matching any other secret.
 */
export function secretArn(scope: IConstruct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${name}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** ARN of the table, in the region and account of `scope`'s stack. */
export function tableArn(scope: IConstruct, tableName: string): string {
  return Stack.of(scope).formatArn({ service: 'dynamodb', resource: 'table', resourceName: tableName });
}

/** ARN of a state machine named `name`, in the region and account of `scope`'s stack. */
export function stateMachineArn(scope: IConstruct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** ARN pattern of every execution of the state machine named `name`. */
export function executionsArn(scope: IConstruct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${name}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** A construct id from a name: `generate-document` → `GenerateDocument`, `api/system` → `ApiSystem`. */
export function pascalCase(name: string): string {
  return name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_match, _separator, letter: string) =>
    letter.toUpperCase(),
  );
}
