import type {
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
} from 'aws-lambda';
import { authenticate } from '../../shared/auth/authenticate.ts';
import { toAuthorizerContext } from '../../shared/auth/request-identity.ts';

/**
 * HTTP API Lambda authorizer (REQUEST, simple responses): resolves tenant and caller once per
 * request and hands them to the route as context. It always authorises, so that the route can
 * answer a failed authentication with the PRD error envelope rather than API Gateway's bare 403.
 */
export const handler = async (
  event: APIGatewayRequestAuthorizerEventV2,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<Record<string, string>>> => {
  const identity = await authenticate(event.headers ?? {}, event.requestContext.http.sourceIp);
  return { isAuthorized: true, context: toAuthorizerContext(identity) };
};
