/**
 * The fake AWS identity of the local cloud. Every local invoker builds real-format ARNs from it,
 * so code that parses or logs ARNs behaves as in AWS.
 */

/** The region and account of local ARNs (the SDK documentation's usual placeholders). */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT_ID = '000000000000';

/** Prefix of deployed resource names: state machine `<prefix>-<name>`, schedule `<prefix>-<name>`. */
export const RESOURCE_NAME_PREFIX = 'content-strategist';
