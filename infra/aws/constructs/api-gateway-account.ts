/**
 * The account-wide role API Gateway writes WebSocket (and REST) logs with. HTTP APIs log through
 * a service-linked role, but a WebSocket stage with access logging fails to deploy unless the
 * account has this setting.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeManagedPolicy } from '../nag.ts';

/** Sets the account's API Gateway CloudWatch Logs role. */
export class ApiGatewayAccount extends Construct {
  /** Depend on this before creating a stage that logs. */
  readonly account: CfnAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const policy = ManagedPolicy.fromAwsManagedPolicyName(
      'service-role/AmazonAPIGatewayPushToCloudWatchLogs',
    );
    const role = new Role(this, 'CloudWatchRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Account-wide role API Gateway uses to write execution and access logs',
      managedPolicies: [policy],
    });
    // The setting is per account and outlives this stack (deleting CfnAccount changes nothing),
    // so the role it points to must outlive it as well, or every API of the account stops logging.
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    acknowledgeManagedPolicy(
      role,
      policy.managedPolicyArn,
      'AmazonAPIGatewayPushToCloudWatchLogs is the policy API Gateway documents for its account-wide logging role; the role serves every API of the account, whose log groups this app cannot enumerate.',
    );
    this.account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: role.roleArn });
  }
}
