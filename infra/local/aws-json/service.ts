/**
 * The shell of an AWS JSON service that answers from a map of operations (Secrets Manager, Step
 * Functions): mount it, find the operation `X-Amz-Target` names, read the body, answer its result
 * as JSON, and turn every failure into an error answer of the service's dialect.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocalService, takePrefix } from '../service.ts';
import { AwsJsonError, type AwsJsonProtocol, BodyTooLargeError, type JsonObject } from './protocol.ts';

/** One API operation: the parsed request in, the JSON answer out; throws `AwsJsonError`. */
export type Operation = (request: JsonObject) => Promise<unknown>;

export interface AwsJsonServiceOptions {
  /** The service's name, also the tag of its log lines, e.g. `secretsmanager`. */
  readonly name: string;
  /** Path prefix the service is mounted at, e.g. `/_aws/secretsmanager`. */
  readonly mount: string;
  readonly protocol: AwsJsonProtocol;
  readonly operations: Readonly<Record<string, Operation>>;
  /** The type of the 500 answer to an unexpected failure (which is logged), e.g. `InternalFailure`. */
  readonly internalErrorType: string;
  close(): Promise<void>;
}

export function awsJsonService(options: AwsJsonServiceOptions): LocalService {
  const { protocol, operations } = options;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const name = protocol.operationOf(req);
      const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
      if (!operation)
        throw protocol.error(
          'UnknownOperationException',
          `Operation not supported locally: ${req.headers['x-amz-target']}`,
        );
      protocol.sendJson(res, 200, await operation(await protocol.readJsonBody(req)));
    } catch (error) {
      if (error instanceof AwsJsonError || error instanceof BodyTooLargeError)
        return protocol.sendError(res, error);
      console.error(`[${options.name}]`, error);
      protocol.sendError(res, protocol.error(options.internalErrorType, 'Internal failure', 500));
    }
  }

  return {
    name: options.name,
    async handle(req, res) {
      if (!takePrefix(req, options.mount)) return false;
      await serve(req, res);
      return true;
    },
    close: () => options.close(),
  };
}
