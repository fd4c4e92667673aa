/**
 * The DynamoDB client and table name of this process. The client is an ordinary SDK client: its
 * region, credentials and endpoint come from the SDK's own configuration (`AWS_REGION`,
 * `AWS_ENDPOINT_URL_DYNAMODB` for the local emulator), never from code.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env } from '../config/env.ts';

let cached: DynamoDBDocumentClient | undefined;

/** The process-wide document client, created on first use (reused across Lambda invocations). */
export function documentClient(): DynamoDBDocumentClient {
  cached ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: {
      // Optional values inside `any`/`map` attributes (e.g. content JSON) may be undefined;
      // DynamoDB has no undefined, so drop them rather than fail the write.
      removeUndefinedValues: true,
      // Keep empty strings: they are values, not absence.
      convertEmptyValues: false,
    },
    unmarshallOptions: { wrapNumbers: false },
  });
  return cached;
}

/** The one table's name (`TABLE_NAME`). */
export function tableName(): string {
  return env().TABLE_NAME;
}
