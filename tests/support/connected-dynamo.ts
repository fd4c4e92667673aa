/**
 * For connected unit tests: the local DynamoDB with the production data code
 * (`shared/data/service.ts`) pointed at it the way it finds the table in AWS, through the SDK's
 * `AWS_ENDPOINT_URL_DYNAMODB` and `TABLE_NAME` alone.
 */
import { type DynamoForTests, startDynamoForTests } from '../../infra/local/dynamodb/test-server.ts';
import { resetEnvCache } from '../../shared/config/env.ts';

/**
 * Starts the local DynamoDB and sets the environment the data service reads (dummy credentials,
 * us-east-1), plus `extraEnv` for what else the code under test reads; close it in `afterAll`.
 */
export async function startConnectedDynamo(extraEnv: Record<string, string> = {}): Promise<DynamoForTests> {
  const dynamo = await startDynamoForTests();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TABLE_NAME: dynamo.tableName,
    ...extraEnv,
  });
  // The parsed environment is cached: the service must see this table, not an earlier one.
  resetEnvCache();
  return dynamo;
}
