/**
 * Deployment configuration, read from CDK context (`cdk.json`, or `-c key=value` on the command
 * line). Domains and addresses only ever come from here, never from literals in code.
 */

import type { IConstruct } from 'constructs';
import { Node } from 'constructs';

/** What one deployment (a stage) of the app is configured with. */
export interface AppConfig {
  /** Short lowercase name (`dev`, `prod`); part of every stack and resource name. */
  readonly stage: string;
  /** Keep the table and buckets when their stack is deleted (true for the `prod` stage). */
  readonly retainData: boolean;
  /** Agencies are served at `{slug}.{platformDomain}`; the bare domain serves platform staff. */
  readonly platformDomain: string;
  /** Host of the public files URLs (`https://{filesDomain}/files/...`). */
  readonly filesDomain: string;
  /** Sender of every email; its domain must be a verified SES identity. */
  readonly emailFrom: string;
  /** ACM certificate in us-east-1 covering the platform domains; without it CloudFront serves its own domain. */
  readonly certificateArn: string | undefined;
  /** WAFv2 web ACL (scope CLOUDFRONT, in us-east-1) to attach to the distribution. */
  readonly webAclArn: string | undefined;
  /** The built dashboard, relative to the repository root. */
  readonly dashboardDir: string;
}

/** Context keys, all prefixed so they cannot collide with CDK's own. */
export const CONTEXT_KEYS = {
  stage: 'cs:stage',
  platformDomain: 'cs:platformDomain',
  filesDomain: 'cs:filesDomain',
  emailFrom: 'cs:emailFrom',
  certificateArn: 'cs:certificateArn',
  webAclArn: 'cs:webAclArn',
  dashboardDir: 'cs:dashboardDir',
} as const;

const STAGE = /^[a-z][a-z0-9-]{0,15}$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EMAIL = /^[^@\s]+@([^@\s]+)$/;
// CloudFront only accepts certificates and web ACLs from us-east-1.
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/;
const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/;

function optionalString(node: Node, key: string): string | undefined {
  const value: unknown = node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new Error(`Context ${key} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

function checked(key: string, value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new Error(`Context ${key}=${JSON.stringify(value)} is not ${what}`);
  return value;
}

/** Reads and validates the configuration; throws with the offending key when a value is unusable. */
export function readConfig(scope: IConstruct): AppConfig {
  const node = Node.of(scope);
  const read = (key: string) => optionalString(node, key);

  const stage = checked(
    CONTEXT_KEYS.stage,
    read(CONTEXT_KEYS.stage) ?? 'dev',
    STAGE,
    'a stage name (a-z0-9-, 16 max)',
  );
  const platformDomain = read(CONTEXT_KEYS.platformDomain);
  if (!platformDomain)
    throw new Error(`Context ${CONTEXT_KEYS.platformDomain} is required (set it in cdk.json)`);
  checked(CONTEXT_KEYS.platformDomain, platformDomain, HOSTNAME, 'a lowercase hostname');

  const filesDomain = read(CONTEXT_KEYS.filesDomain) ?? `files.${platformDomain}`;
  const emailFrom = read(CONTEXT_KEYS.emailFrom) ?? `no-reply@${platformDomain}`;
  const certificateArn = read(CONTEXT_KEYS.certificateArn);
  // Tenants are resolved from the host name, which only works on the platform's own domains.
  if (stage === 'prod' && !certificateArn) {
    throw new Error(`Context ${CONTEXT_KEYS.certificateArn} is required for the prod stage`);
  }
  const webAclArn = read(CONTEXT_KEYS.webAclArn);

  return {
    stage,
    retainData: stage === 'prod',
    platformDomain,
    filesDomain: checked(CONTEXT_KEYS.filesDomain, filesDomain, HOSTNAME, 'a lowercase hostname'),
    emailFrom: checked(CONTEXT_KEYS.emailFrom, emailFrom, EMAIL, 'an email address'),
    certificateArn:
      certificateArn &&
      checked(CONTEXT_KEYS.certificateArn, certificateArn, CERTIFICATE_ARN, 'an ACM ARN in us-east-1'),
    webAclArn:
      webAclArn && checked(CONTEXT_KEYS.webAclArn, webAclArn, WEB_ACL_ARN, 'a global WAFv2 web ACL ARN'),
    dashboardDir: read(CONTEXT_KEYS.dashboardDir) ?? 'frontend/dist',
  };
}

/** The domain part of the sender address: the SES identity emails are sent from. */
export function emailDomain(config: AppConfig): string {
  return EMAIL.exec(config.emailFrom)?.[1] ?? config.emailFrom;
}
