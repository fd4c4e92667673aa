/**
 * The API Gateway Management API (`@connections`) as `@aws-sdk/client-apigatewaymanagementapi`
 * calls it (REST JSON): POST sends data to a connection, GET describes it, DELETE closes it. A
 * connection that is unknown or already closed answers 410, which the SDK raises as GoneException.
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebSocket } from 'ws';
import type { Connection } from './connection.ts';

/** API Gateway's WebSocket message limit; larger posts fail with PayloadTooLargeException. */
export const MAX_MESSAGE_BYTES = 128 * 1024;

/** The close code a client sees when its connection is deleted through the management API. */
const DELETED_CLOSE_CODE = 1000;

function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res
    .writeHead(status, {
      'Content-Type': 'application/json',
      ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
    })
    .end(JSON.stringify(body));
}

function gone(res: ServerResponse, connectionId: string): void {
  sendJson(res, 410, { message: `Connection ${connectionId} is gone` }, 'GoneException');
}

/** Reads the body; undefined when it exceeds `limit`. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Serves one management request (path already stripped of the mount prefix). */
export async function serveManagement(
  req: IncomingMessage,
  res: ServerResponse,
  connections: ReadonlyMap<string, Connection>,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const match = /^\/@connections\/([^/]+)$/.exec(path);
  if (!match?.[1]) return sendJson(res, 404, { message: 'Not Found' });
  const connectionId = decodeURIComponent(match[1]);
  const connection = connections.get(connectionId);
  const open = connection?.socket.readyState === WebSocket.OPEN;

  switch (req.method) {
    case 'POST': {
      const data = await readBody(req, MAX_MESSAGE_BYTES);
      if (!data) return sendJson(res, 413, { message: 'Message too long' }, 'PayloadTooLargeException');
      if (!connection || !open) return gone(res, connectionId);
      // API Gateway delivers posted data as a text frame; bytes that are not UTF-8 go as binary.
      connection.socket.send(data, { binary: !isUtf8(data) });
      return void res.writeHead(200).end();
    }
    case 'GET':
      if (!connection || !open) return gone(res, connectionId);
      return sendJson(res, 200, {
        connectedAt: new Date(connection.facts.connectedAt).toISOString(),
        lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        identity: { sourceIp: connection.facts.sourceIp, userAgent: connection.facts.userAgent },
      });
    case 'DELETE':
      if (!connection || !open) return gone(res, connectionId);
      connection.socket.close(DELETED_CLOSE_CODE);
      return void res.writeHead(204).end();
    default:
      return sendJson(res, 405, { message: 'Method Not Allowed' });
  }
}
