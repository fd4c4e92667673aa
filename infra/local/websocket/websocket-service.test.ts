import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebSocketRouteDefinition } from '../../../shared/api/websocket-routes.ts';
import type { LocalService } from '../service.ts';
import { lifecycleEvents } from './fixtures/handlers.ts';
import { createWebSocketService } from './websocket-service.ts';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const route = (routeKey: string, name: string): WebSocketRouteDefinition => ({
  routeKey,
  handler: { module: 'infra/local/websocket/fixtures/handlers.ts', export: name },
});
const ROUTES = [
  route('$connect', 'connect'),
  route('$disconnect', 'disconnect'),
  route('$default', 'fallback'),
  route('echo', 'echo'),
  route('fail', 'fail'),
  route('silent', 'silent'),
];

interface Gateway {
  readonly port: number;
  readonly service: LocalService;
  readonly management: ApiGatewayManagementApiClient;
  close(): Promise<void>;
}

const dataDir = await mkdtemp(join(tmpdir(), 'ws-test-'));

/** A node:http server on a free loopback port with only the WebSocket service mounted. */
async function startGateway(routes: readonly WebSocketRouteDefinition[]): Promise<Gateway> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const service = await createWebSocketService({
    dataDir,
    origin: `http://127.0.0.1:${port}`,
    routes,
    repoRoot,
  });
  server.on('request', (req, res) => {
    if (!service.handle?.(req, res)) res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    if (!service.upgrade?.(req, socket, head)) socket.destroy();
  });
  const management = new ApiGatewayManagementApiClient({
    endpoint: `http://127.0.0.1:${port}/_aws/ws-management`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    port,
    service,
    management,
    async close() {
      management.destroy();
      await service.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Opens a client; resolves once connected, rejects with the handshake's HTTP status. */
function connect(gateway: Gateway, query = 'job_id=job-1&token=good'): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/ws?${query}`);
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<string> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(String(data))));
}

async function request(socket: WebSocket, message: string): Promise<Record<string, unknown>> {
  const reply = nextMessage(socket);
  socket.send(message);
  return JSON.parse(await reply) as Record<string, unknown>;
}

async function eventually<T>(probe: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway(ROUTES);
});

afterAll(async () => {
  await gateway.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('WebSocket gateway', () => {
  it('runs $connect with the handshake query string and headers', async () => {
    const socket = await connect(gateway, 'job_id=job-7&token=good');
    const { connectionId } = await request(socket, JSON.stringify({ action: 'echo' }));
    const event = lifecycleEvents.find((e) => e.requestContext.connectionId === connectionId);
    expect(event).toMatchObject({
      queryStringParameters: { job_id: 'job-7', token: 'good' },
      multiValueQueryStringParameters: { job_id: ['job-7'], token: ['good'] },
      headers: { Host: `127.0.0.1:${gateway.port}` },
      isBase64Encoded: false,
      requestContext: {
        routeKey: '$connect',
        eventType: 'CONNECT',
        stage: 'local',
        domainName: `127.0.0.1:${gateway.port}`,
        identity: { sourceIp: '127.0.0.1' },
      },
    });
    expect(event?.requestContext.requestId).toMatch(/^[A-Za-z0-9=]{16}$/);
    socket.close();
  });

  it('refuses the handshake with the status $connect returns, and 500 when it throws', async () => {
    await expect(connect(gateway, 'token=bad')).rejects.toThrow('HTTP 401');
    await expect(connect(gateway, 'token=explode')).rejects.toThrow('HTTP 500');
  });

  it('routes messages by their action, else to $default, and sends the reply body back', async () => {
    const socket = await connect(gateway);
    expect(await request(socket, JSON.stringify({ action: 'echo', text: 'hi' }))).toMatchObject({
      text: 'hi',
      routeKey: 'echo',
      eventType: 'MESSAGE',
    });
    expect(await request(socket, JSON.stringify({ action: 'nope' }))).toMatchObject({ routeKey: '$default' });
    expect(await request(socket, 'not json')).toEqual({ routeKey: '$default', body: 'not json' });
    // A route whose handler returns nothing sends nothing: the next message is the echo's reply.
    socket.send(JSON.stringify({ action: 'silent' }));
    expect(await request(socket, JSON.stringify({ action: 'echo', text: 'after' }))).toMatchObject({
      text: 'after',
    });
    const failed = await request(socket, JSON.stringify({ action: 'fail' }));
    expect(failed).toMatchObject({ message: 'Internal server error', connectionId: expect.any(String) });
    socket.close();
  });

  it('answers Forbidden when no route matches and there is no $default', async () => {
    const strict = await startGateway([route('echo', 'echo')]);
    const socket = await connect(strict);
    expect(await request(socket, JSON.stringify({ action: 'other' }))).toMatchObject({
      message: 'Forbidden',
    });
    socket.close();
    await strict.close();
  });

  it('delivers PostToConnection, describes with GetConnection and closes with DeleteConnection', async () => {
    const socket = await connect(gateway);
    const { connectionId } = (await request(socket, JSON.stringify({ action: 'echo' }))) as {
      connectionId: string;
    };

    const delivered = nextMessage(socket);
    await gateway.management.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: JSON.stringify({ percent: 40 }) }),
    );
    expect(JSON.parse(await delivered)).toEqual({ percent: 40 });

    const described = await gateway.management.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(described.ConnectedAt).toBeInstanceOf(Date);
    expect(described.LastActiveAt?.getTime()).toBeGreaterThanOrEqual(described.ConnectedAt?.getTime() ?? 0);
    expect(described.Identity?.SourceIp).toBe('127.0.0.1');

    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    await gateway.management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect(await closed).toBe(1000);

    const gone = gateway.management.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'late' }),
    );
    await expect(gone).rejects.toBeInstanceOf(GoneException);
    await expect(gone).rejects.toMatchObject({ $metadata: { httpStatusCode: 410 } });
    await expect(
      gateway.management.send(new GetConnectionCommand({ ConnectionId: connectionId })),
    ).rejects.toBeInstanceOf(GoneException);
    await expect(
      gateway.management.send(new DeleteConnectionCommand({ ConnectionId: 'neverExisted=' })),
    ).rejects.toBeInstanceOf(GoneException);
  });

  it('runs $disconnect with the close code when the client leaves', async () => {
    const socket = await connect(gateway);
    const { connectionId } = (await request(socket, JSON.stringify({ action: 'echo' }))) as {
      connectionId: string;
    };
    socket.close(4000, 'bye');
    const event = await eventually(() =>
      lifecycleEvents.find(
        (e) => e.requestContext.connectionId === connectionId && e.requestContext.eventType === 'DISCONNECT',
      ),
    );
    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      disconnectStatusCode: 4000,
      disconnectReason: 'bye',
    });
  });

  it('closes every socket when the service closes', async () => {
    const own = await startGateway(ROUTES);
    const socket = await connect(own);
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    await own.close();
    expect(await closed).toBe(1001);
  });
});
