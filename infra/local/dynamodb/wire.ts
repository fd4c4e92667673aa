/**
 * The DynamoDB dialect of the AWS JSON 1.0 protocol as far as the local proxy needs it:
 * `X-Amz-Target: DynamoDB_20120810.<Operation>` (or the 2011 version dynalite also accepts), no
 * empty bodies, the `x-amz-crc32` header the SDK may verify, a bare 413 for an oversized body as
 * dynalite answers, and errors in DynamoDB's own shapes and namespaces.
 */
import { AwsJsonError, awsJsonProtocol, type JsonObject } from '../aws-json/protocol.ts';

/** A JSON object as it travels on the wire (attribute values stay opaque `{S: ...}` maps). */
export type WireRecord = JsonObject;

/** An error the client must see as a DynamoDB API error (4xx/5xx with `__type`). */
export { AwsJsonError as DynamoError };

/** `ValidationException`, as DynamoDB (and dynalite) name it. */
export function validationError(message: string): AwsJsonError {
  return new AwsJsonError(400, { __type: 'com.amazon.coral.validate#ValidationException', message });
}

export function serializationError(): AwsJsonError {
  return new AwsJsonError(400, { __type: 'com.amazon.coral.service#SerializationException' });
}

export function unknownOperationError(): AwsJsonError {
  return new AwsJsonError(400, { __type: 'com.amazon.coral.service#UnknownOperationException' });
}

export const dynamoProtocol = awsJsonProtocol({
  version: '1.0',
  targetPrefixes: ['DynamoDB_20120810.', 'DynamoDB_20111205.'],
  // Same cap as dynalite's own HTTP handler (and DynamoDB's 16 MB request limit).
  maxBodyBytes: 16 * 1024 * 1024,
  errorNamespace: 'com.amazonaws.dynamodb.v20120810#',
  emptyBodyIsObject: false,
  crc32: true,
  unknownOperation: unknownOperationError,
  malformedBody: serializationError,
});

/** An error in DynamoDB's own namespace, e.g. `ResourceNotFoundException`. */
export function dynamoError(type: string, message: string, extra: WireRecord = {}): AwsJsonError {
  return dynamoProtocol.error(type, message, 400, extra);
}
