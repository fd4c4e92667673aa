/**
 * The AWS JSON 1.0 dialect Step Functions speaks: `X-Amz-Target: AWSStepFunctions.<Operation>`
 * and errors whose `__type` is in the `com.amazonaws.states#` namespace.
 */
import { awsJsonProtocol } from '../aws-json/protocol.ts';

export const sfnProtocol = awsJsonProtocol({
  version: '1.0',
  targetPrefixes: ['AWSStepFunctions.'],
  // Generous bound for one API request (execution input itself is capped at 256 KiB by AWS).
  maxBodyBytes: 1024 * 1024,
  errorNamespace: 'com.amazonaws.states#',
  bodyTooLarge: (limit, error) => error('ValidationException', `Request body exceeds ${limit} bytes`, 413),
});

/** An API error with its Step Functions type name, e.g. `ExecutionDoesNotExist`. */
export const sfnError = sfnProtocol.error;
