/**
 * A client connection of the local WebSocket API, with the facts API Gateway records at
 * `$connect` and reports in every event and in GetConnection.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';

export interface ConnectionFacts {
  readonly connectionId: string;
  /** Epoch milliseconds. */
  readonly connectedAt: number;
  /** The Host the client connected to (API Gateway reports its own domain here). */
  readonly domainName: string;
  readonly sourceIp: string;
  readonly userAgent?: string;
  /** Request headers as the client sent them (names keep their case, as in API Gateway events). */
  readonly headers: Readonly<Record<string, string>>;
  readonly multiValueHeaders: Readonly<Record<string, string[]>>;
  readonly query: URLSearchParams;
}

export interface Connection {
  readonly facts: ConnectionFacts;
  readonly socket: WebSocket;
  /** Epoch milliseconds of the last message from the client. */
  lastActiveAt: number;
}

/** An id in API Gateway's style (`L0SM9cOFvHcCIhw=`), kept free of `/` and `+` for clean URLs. */
export function gatewayId(): string {
  return randomBytes(11).toString('base64').replace(/[+/]/g, 'x');
}

/** What API Gateway knows about a connection from its upgrade request. */
export function connectionFacts(req: IncomingMessage): ConnectionFacts {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string;
    const value = req.rawHeaders[i + 1] as string;
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  }
  return {
    connectionId: gatewayId(),
    connectedAt: Date.now(),
    domainName: req.headers.host ?? 'localhost',
    sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    userAgent: req.headers['user-agent'],
    headers,
    multiValueHeaders,
    query: new URL(req.url ?? '/', 'http://localhost').searchParams,
  };
}
