/**
 * The WebSocket API of the local cloud: clients connect to `/ws` (query string passed to
 * `$connect`, e.g. `?job_id=…&token=…`), messages are routed on their JSON `action` field
 * (route selection `$request.body.action`) or to `$default`, and the same handlers as in AWS
 * run for `$connect`, each route and `$disconnect`. `/_aws/ws-management` is the
 * `@connections` endpoint handlers post progress through.
 */
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { WEBSOCKET_ROUTES, type WebSocketRouteDefinition } from '../../../shared/api/websocket-routes.ts';
import type { HandlerRef } from '../../../shared/config/handler-ref.ts';
import { invokeLocally } from '../handlers/invoke.ts';
import { type LocalService, type LocalServiceOptions, takePrefix } from '../service.ts';
import { type Connection, type ConnectionFacts, connectionFacts } from './connection.ts';
import { connectEvent, disconnectEvent, messageEvent } from './events.ts';
import { MAX_MESSAGE_BYTES, serveManagement } from './management.ts';

export interface WebSocketServiceOptions extends LocalServiceOptions {
  /** The route table; defaults to `WEBSOCKET_ROUTES`. */
  readonly routes?: readonly WebSocketRouteDefinition[];
  /** Root that handler module paths are relative to. */
  readonly repoRoot: string;
}

const WEBSOCKET_PATHS = new Set(['/ws', '/ws/']);
const MANAGEMENT_MOUNT = '/_aws/ws-management';
/** How long close() lets clients answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 1_000;

/** The status a `$connect` result answers the handshake with (no status means accepted). */
function connectStatus(result: unknown): number {
  const status = (result as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : 200;
}

/** Refuses the upgrade with a plain HTTP response, as API Gateway does when `$connect` says no. */
function refuse(socket: Duplex, status: number): void {
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** Creates the service for `/ws` (upgrades) and `/_aws/ws-management` (HTTP). */
export async function createWebSocketService(options: WebSocketServiceOptions): Promise<LocalService> {
  const routes = new Map<string, HandlerRef>(
    (options.routes ?? WEBSOCKET_ROUTES).map((r) => [r.routeKey, r.handler]),
  );
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const connections = new Map<string, Connection>();
  const handshakes = new Set<Duplex>();
  let closing = false;

  const invoke = (ref: HandlerRef, event: unknown) => invokeLocally(ref, event, options.repoRoot);

  /** `$request.body.action` when it names a route, else `$default` (undefined when there is none). */
  function selectRoute(body: string, isBinary: boolean): string | undefined {
    if (!isBinary) {
      try {
        const action = (JSON.parse(body) as { action?: unknown } | null)?.action;
        if (typeof action === 'string' && !action.startsWith('$') && routes.has(action)) return action;
      } catch {
        // Not JSON: the selection expression has no value, so the message goes to $default.
      }
    }
    return routes.has('$default') ? '$default' : undefined;
  }

  /** API Gateway's own answers to the client, e.g. `{"message":"Forbidden",…}`. */
  function sendGatewayError(socket: WebSocket, message: string, facts: ConnectionFacts, requestId: string) {
    if (socket.readyState === socket.OPEN)
      socket.send(JSON.stringify({ message, connectionId: facts.connectionId, requestId }));
  }

  async function onMessage(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    const { facts, socket } = connection;
    connection.lastActiveAt = Date.now();
    const bytes = toBuffer(data);
    const body = isBinary ? bytes.toString('base64') : bytes.toString('utf8');
    const routeKey = selectRoute(body, isBinary);
    const event = messageEvent(facts, routeKey ?? '$default', body, isBinary);
    const ref = routeKey === undefined ? undefined : routes.get(routeKey);
    if (!ref) return sendGatewayError(socket, 'Forbidden', facts, event.requestContext.requestId);
    try {
      const result = await invoke(ref, event);
      // Two-way route (a route response configured, CDK `returnResponse: true`): the client
      // gets the integration response's body; its statusCode is not sent.
      const reply = (result as { body?: unknown } | null)?.body;
      if (typeof reply === 'string' && socket.readyState === socket.OPEN) socket.send(reply);
    } catch (error) {
      console.error(`[websocket] ${routeKey} handler failed`, error);
      sendGatewayError(socket, 'Internal server error', facts, event.requestContext.requestId);
    }
  }

  function onClose(connection: Connection, code: number, reason: Buffer): void {
    connections.delete(connection.facts.connectionId);
    const ref = routes.get('$disconnect');
    // At shutdown the stores the handler would clean up are closing too; stale connection
    // items are removed when a later post to them answers 410.
    if (!ref || closing) return;
    invoke(ref, disconnectEvent(connection.facts, code, reason.toString('utf8'))).catch((error: unknown) =>
      console.error('[websocket] $disconnect handler failed', error),
    );
  }

  function open(socket: WebSocket, facts: ConnectionFacts): void {
    const connection: Connection = { facts, socket, lastActiveAt: facts.connectedAt };
    connections.set(facts.connectionId, connection);
    socket.on('message', (data, isBinary) => void onMessage(connection, data, isBinary));
    socket.once('close', (code, reason) => onClose(connection, code, reason));
    socket.on('error', (error) => console.error('[websocket] socket error', error));
  }

  async function handshake(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    handshakes.add(socket);
    // Until ws takes the socket over, a client that drops mid-handshake must not crash the process.
    const ignoreSocketError = () => {};
    socket.on('error', ignoreSocketError);
    const facts = connectionFacts(req);
    const ref = routes.get('$connect');
    let status: number;
    try {
      status = ref ? connectStatus(await invoke(ref, connectEvent(facts))) : 200;
    } catch (error) {
      console.error('[websocket] $connect handler failed', error);
      status = 500;
    } finally {
      handshakes.delete(socket);
    }
    if (status >= 400) return refuse(socket, status);
    // The client may have given up, or the service closed, while $connect ran.
    if (closing || socket.destroyed) return void socket.destroy();
    socket.off('error', ignoreSocketError);
    server.handleUpgrade(req, socket, head, (ws) => open(ws, facts));
  }

  return {
    name: 'websocket',
    upgrade(req, socket, head) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (closing || !WEBSOCKET_PATHS.has(path)) return false;
      void handshake(req, socket, head);
      return true;
    },
    handle(req, res) {
      if (!takePrefix(req, MANAGEMENT_MOUNT)) return false;
      serveManagement(req, res, connections).catch((error: unknown) => {
        console.error('[websocket] management request failed', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: 'Internal server error' }));
      });
      return true;
    },
    async close() {
      closing = true;
      for (const socket of handshakes) socket.destroy();
      const sockets = [...connections.values()].map((connection) => connection.socket);
      const closed = sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve)));
      for (const socket of sockets) socket.close(1001, 'Going away');
      const grace = new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
      await Promise.race([Promise.all(closed), grace]);
      for (const socket of sockets) socket.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
