/** ARNs of the local Step Functions. Catalogue entry `name` is deployed as `<prefix>-<name>`. */
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, RESOURCE_NAME_PREFIX } from '../handlers/local-identity.ts';

export interface StateMachineArnOptions {
  readonly region?: string;
  readonly accountId?: string;
  /** Deployed names are `<namePrefix>-<catalogue name>`. */
  readonly namePrefix?: string;
}

/**
 * The ARN of catalogue entry `name`, e.g.
 * `arn:aws:states:us-east-1:000000000000:stateMachine:content-strategist-generate-document`.
 * The local runtime exports it as `GENERATE_STATE_MACHINE_ARN`.
 */
export function stateMachineArn(name: string, options: StateMachineArnOptions = {}): string {
  const prefix = options.namePrefix ?? RESOURCE_NAME_PREFIX;
  return `arn:aws:states:${options.region ?? LOCAL_REGION}:${options.accountId ?? LOCAL_ACCOUNT_ID}:stateMachine:${prefix}-${name}`;
}

const STATE_MACHINE_ARN = /^arn:aws:states:[a-z0-9-]+:\d{12}:stateMachine:([^:]+)$/;
const EXECUTION_ARN = /^(arn:aws:states:[a-z0-9-]+:\d{12}):execution:([^:]+):([^:]+)$/;

/** True when `arn` has the shape of a state-machine ARN. */
export function isStateMachineArn(arn: string): boolean {
  return STATE_MACHINE_ARN.test(arn);
}

/** The execution ARN for `executionName` of the machine `machineArn`. */
export function executionArn(machineArn: string, executionName: string): string {
  return `${machineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

/** The state-machine ARN an execution ARN belongs to, or undefined when `arn` is not one. */
export function machineOfExecution(arn: string): string | undefined {
  const match = EXECUTION_ARN.exec(arn);
  return match ? `${match[1]}:stateMachine:${match[2]}` : undefined;
}
