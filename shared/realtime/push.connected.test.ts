/**
 * Pushes against the local DynamoDB and a fake `@connections` endpoint on loopback that answers
 * as API Gateway does: 200 for a live connection, 410 `GoneException` for a closed one, 403
 * `ForbiddenException` for one it will not post to.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoForTests } from '../../infra/local/dynamodb/test-server.ts';
import { startConnectedDynamo } from '../../tests/support/connected-dynamo.ts';
import { service } from '../data/service.ts';
import { epochSeconds } from '../data/time.ts';
import type { ServerMessage } from './messages.ts';
import { postToConnection, pushToJob } from './push.ts';

let dynamo: DynamoForTests;
let management: Server;
/** Frames the fake endpoint accepted, by connection id. */
let received: Map<string, unknown[]>;

/** How the fake endpoint answers each connection (live when not listed). */
const ANSWERS: Record<string, { status: number; type: string }> = {
  'c-gone': { status: 410, type: 'GoneException' },
  'c-forbidden': { status: 403, type: 'ForbiddenException' },
};

beforeAll(async () => {
  management = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const id = decodeURIComponent(/\/@connections\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');
      const answer = ANSWERS[id];
      if (req.method !== 'POST' || !id) return void res.writeHead(404).end();
      if (answer) {
        res.writeHead(answer.status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': answer.type });
        return void res.end(JSON.stringify({ message: answer.type }));
      }
      received.set(id, [...(received.get(id) ?? []), JSON.parse(Buffer.concat(chunks).toString('utf8'))]);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => management.listen(0, '127.0.0.1', resolve));
  dynamo = await startConnectedDynamo({
    WEBSOCKET_MANAGEMENT_URL: `http://127.0.0.1:${(management.address() as AddressInfo).port}/test`,
  });
});

afterAll(async () => {
  await new Promise((resolve) => management.close(resolve));
  await dynamo.close();
});

beforeEach(() => {
  received = new Map();
});

const connections = () => service().entities.connection;

function watch(connectionId: string, jobId: string, ttl?: number) {
  return connections()
    .put({
      connection_id: connectionId,
      job_id: jobId,
      user_id: 'u-1',
      agency_id: 'ag-1',
      ...(ttl ? { ttl } : {}),
    })
    .go();
}

async function exists(connectionId: string): Promise<boolean> {
  return (await connections().get({ connection_id: connectionId }).go({ consistent: true })).data !== null;
}

const PONG: ServerMessage = { type: 'pong' };

describe('pushToJob (connected)', () => {
  it('posts to every live connection of the job, forgets gone ones and keeps the others', async () => {
    await Promise.all([
      watch('c-live-1', 'job-1'),
      watch('c-live-2', 'job-1'),
      watch('c-gone', 'job-1'),
      watch('c-forbidden', 'job-1'),
      watch('c-expired', 'job-1', epochSeconds() - 60),
      watch('c-other-job', 'job-2'),
    ]);
    const message: ServerMessage = { type: 'rejected', message: 'hello' };

    expect(await pushToJob('job-1', message)).toBe(2);

    expect(Object.fromEntries(received)).toEqual({ 'c-live-1': [message], 'c-live-2': [message] });
    expect(await exists('c-gone')).toBe(false);
    expect(await exists('c-forbidden')).toBe(true);
    expect(await exists('c-live-1')).toBe(true);
    expect(await exists('c-other-job')).toBe(true);
  });

  it('builds a lazy message only when the job has connections', async () => {
    let built = 0;
    const build = async () => {
      built += 1;
      return PONG;
    };
    expect(await pushToJob('job-nobody-watches', build)).toBe(0);
    expect(built).toBe(0);

    await watch('c-lazy', 'job-3');
    expect(await pushToJob('job-3', build)).toBe(1);
    expect(built).toBe(1);
    expect(received.get('c-lazy')).toEqual([PONG]);
  });

  it('never throws: a failing message builder is logged and nothing is sent', async () => {
    await watch('c-builder', 'job-4');
    const failing = async (): Promise<ServerMessage> => {
      throw new Error('document read failed');
    };
    expect(await pushToJob('job-4', failing)).toBe(0);
    expect(received.size).toBe(0);
  });
});

describe('postToConnection (connected)', () => {
  it('reports sent, gone (and forgets the connection) and failed', async () => {
    await watch('c-gone', 'job-5');
    expect(await postToConnection('c-single', PONG)).toBe('sent');
    expect(await postToConnection('c-gone', PONG)).toBe('gone');
    expect(await exists('c-gone')).toBe(false);
    expect(await postToConnection('c-forbidden', PONG)).toBe('failed');
    expect(received.get('c-single')).toEqual([PONG]);
  });
});
