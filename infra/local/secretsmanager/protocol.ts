/**
 * The AWS JSON 1.1 dialect Secrets Manager speaks: `X-Amz-Target: secretsmanager.<Operation>`,
 * errors with bare type names (`ResourceNotFoundException`, ...) and a capitalised `Message`,
 * the member name of Secrets Manager's exception shapes.
 */
import { awsJsonProtocol } from '../aws-json/protocol.ts';

export const secretsManagerProtocol = awsJsonProtocol({
  version: '1.1',
  targetPrefixes: ['secretsmanager.'],
  // Secret values are at most 64 KiB; the rest of a request is small.
  maxBodyBytes: 256 * 1024,
  messageMember: 'Message',
  bodyTooLarge: (limit, error) => error('InvalidRequestException', `Request exceeds ${limit} bytes`, 413),
});

/** An API error with its Secrets Manager type name, e.g. `ResourceNotFoundException`. */
export const secretsManagerError = secretsManagerProtocol.error;
