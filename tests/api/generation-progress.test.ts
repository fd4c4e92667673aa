/**
 * Live generation progress (PRD §14, §4.2.9) through the local cloud's WebSocket gateway, with a
 * real `ws` client: a subscriber first gets the job's current state, then a push for every
 * progress write, then `complete` or `error`; a reconnect gets the state again. Other tenants,
 * client users of another client and bad or expired tokens are refused at the handshake.
 * Progress is written by calling the pipeline's progress functions on the cloud's own table
 * (the pipeline itself is tested elsewhere).
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { signingKeys } from '../../shared/auth/signing-key.ts';
import { tokenSettings } from '../../shared/auth/token-config.ts';
import { service } from '../../shared/data/service.ts';
import { documentStatusView } from '../../shared/documents/status-view.ts';
import {
  beginGeneration,
  type GenerationRef,
  recordGenerationFailure,
} from '../../shared/generation/job-lifecycle.ts';
import {
  completeStep,
  publishCompletion,
  reportStepProgress,
  startStep,
} from '../../shared/generation/progress.ts';
import type { JobMessage, ServerMessage } from '../../shared/realtime/messages.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyStaff, tokenFor, usersOf, userWithRole } from '../support/seed-data.ts';

let cloud: TestCloud;
let demo: {
  id: string;
  admin: string;
  member: string;
  client: string;
  clientId: string;
  otherClientId: string;
};
let acmeAdmin: string;

/** How long a test waits for a frame before failing (a guard, not a timing assertion). */
const FRAME_WAIT_MS = 10_000;

/** A connected client that queues the frames it receives. */
interface Subscriber {
  readonly socket: WebSocket;
  next(): Promise<ServerMessage>;
  close(): Promise<void>;
}

function socketUrl(jobId: string, token: string): string {
  return `ws://127.0.0.1:${cloud.port}/ws?${new URLSearchParams({ job_id: jobId, token })}`;
}

/** Opens a socket; resolves once open, rejects with the handshake's HTTP status when refused. */
function open(url: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const frames: ServerMessage[] = [];
    const waiting: Array<(frame: ServerMessage) => void> = [];
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerMessage;
      const waiter = waiting.shift();
      if (waiter) waiter(frame);
      else frames.push(frame);
    });
    socket.once('unexpected-response', (_request, response) => {
      reject(
        Object.assign(new Error(`refused with ${response.statusCode}`), { status: response.statusCode }),
      );
      socket.terminate();
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        socket,
        next() {
          const queued = frames.shift();
          if (queued) return Promise.resolve(queued);
          return new Promise((resolveFrame, rejectFrame) => {
            const timer = setTimeout(() => rejectFrame(new Error('no frame arrived')), FRAME_WAIT_MS);
            waiting.push((frame) => {
              clearTimeout(timer);
              resolveFrame(frame);
            });
          });
        },
        close() {
          if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
          return new Promise((resolveClose) => {
            socket.once('close', () => resolveClose());
            socket.close(1000);
          });
        },
      }),
    );
  });
}

/** Opens a socket and asks for the current state, as the dashboard does. */
async function subscribe(jobId: string, token: string): Promise<Subscriber> {
  const subscriber = await open(socketUrl(jobId, token));
  subscriber.socket.send(JSON.stringify({ action: 'subscribe' }));
  return subscriber;
}

/** The HTTP status a refused handshake answered with. */
async function refusal(url: string): Promise<number | undefined> {
  try {
    const subscriber = await open(url);
    await subscriber.close();
    return undefined;
  } catch (error) {
    return (error as { status?: number }).status;
  }
}

/** A started run of a client's document, as the generate endpoint and the first step leave it. */
async function startedRun(agencyId: string, clientId: string): Promise<GenerationRef> {
  const entities = service().entities;
  const ref = { agency_id: agencyId, document_id: randomUUID(), job_id: randomUUID() };
  await entities.document
    .create({
      id: ref.document_id,
      agency_id: agencyId,
      client_id: clientId,
      title: 'Preventive care in 2026',
      topic: 'Preventive care',
    })
    .go();
  await entities.generationJob
    .create({
      id: ref.job_id,
      agency_id: agencyId,
      document_id: ref.document_id,
      queued_at: new Date().toISOString(),
    })
    .go();
  return beginGeneration(ref);
}

/** The status view of the run as stored now (what `GET /documents/{id}/status` answers). */
async function storedView(ref: GenerationRef) {
  const entities = service().entities;
  const [{ data: document }, { data: job }] = await Promise.all([
    entities.document.get({ agency_id: ref.agency_id, id: ref.document_id }).go({ consistent: true }),
    entities.generationJob.get({ agency_id: ref.agency_id, id: ref.job_id }).go({ consistent: true }),
  ]);
  if (!document || !job) throw new Error('run vanished');
  return documentStatusView(document, job);
}

function asJobMessage(frame: ServerMessage): JobMessage {
  if (frame.type !== 'progress' && frame.type !== 'complete' && frame.type !== 'error')
    throw new Error(`expected a job message, got ${JSON.stringify(frame)}`);
  return frame;
}

/** Records the run as ready, as the finalize step does, and announces it. */
async function finishRun(ref: GenerationRef): Promise<void> {
  const entities = service().entities;
  const { data: document } = await entities.document
    .get({ agency_id: ref.agency_id, id: ref.document_id })
    .go();
  if (!document) throw new Error('no document');
  const now = new Date().toISOString();
  await entities.document
    .patch({ agency_id: ref.agency_id, id: ref.document_id })
    .set({ status: 'ready', pdf_url: 'https://files.example/doc.pdf', generation_completed_at: now })
    .composite({ client_id: document.client_id, created_at: document.created_at })
    .go();
  await entities.generationJob
    .patch({ agency_id: ref.agency_id, id: ref.job_id })
    .set({ completed_at: now, progress_percent: 100 })
    .go();
  await publishCompletion(ref);
}

beforeAll(async () => {
  cloud = await startTestCloud();
  const staff = await agencyStaff('demo');
  const clientUser = userWithRole(await usersOf(staff.id), 'client');
  const { data: clients } = await service().entities.client.query.byId({ agency_id: staff.id }).go();
  const otherClient = clients.find((client) => client.id !== clientUser.client_id);
  if (!clientUser.client_id || !otherClient)
    throw new Error('the demo seed needs two clients and a client user');
  demo = {
    id: staff.id,
    admin: staff.admin,
    member: staff.member,
    client: await tokenFor(clientUser),
    clientId: clientUser.client_id,
    otherClientId: otherClient.id,
  };
  acmeAdmin = (await agencyStaff('acme')).admin;
});

afterAll(() => cloud?.destroy());

describe('generation progress over WebSocket', () => {
  it('sends the current state first, then every progress write, then complete', async () => {
    const ref = await startedRun(demo.id, demo.clientId);
    const watcher = await subscribe(ref.job_id, demo.member);

    const first = asJobMessage(await watcher.next());
    expect(first).toMatchObject({ type: 'progress', job_id: ref.job_id, document_id: ref.document_id });
    expect(first.data).toEqual(await storedView(ref));
    expect(first.data).toMatchObject({ status: 'generating', progress: { percent: 0, current_step: null } });

    await startStep(ref, 'topic_analysis', 'Reading the brief');
    const started = asJobMessage(await watcher.next());
    expect(started.type).toBe('progress');
    expect(started.data.progress).toMatchObject({
      percent: 0,
      current_step: 'topic_analysis',
      current_step_label: 'Analyzing Topic',
      current_step_detail: 'Reading the brief',
    });
    expect(started.timestamp >= first.timestamp).toBe(true);

    await completeStep(ref, 'topic_analysis', { concepts: 3 });
    const completed = asJobMessage(await watcher.next());
    expect(completed.data.progress).toMatchObject({ percent: 5, steps_completed: ['topic_analysis'] });
    expect(completed.data).toEqual(await storedView(ref));

    await startStep(ref, 'web_research');
    await reportStepProgress(ref, 'web_research', { detail: 'Reading 60 of ~120 sources', fraction: 0.5 });
    expect(asJobMessage(await watcher.next()).data.progress.current_step).toBe('web_research');
    expect(asJobMessage(await watcher.next()).data.progress).toMatchObject({
      percent: 25,
      current_step_detail: 'Reading 60 of ~120 sources',
    });

    await finishRun(ref);
    const done = asJobMessage(await watcher.next());
    expect(done).toMatchObject({ type: 'complete', data: { status: 'ready', progress: { percent: 100 } } });
    expect(done.data).toEqual(await storedView(ref));
    await watcher.close();
  });

  it('pushes to every subscriber and gives a reconnecting one the current state again', async () => {
    const ref = await startedRun(demo.id, demo.clientId);
    const admin = await subscribe(ref.job_id, demo.admin);
    const client = await subscribe(ref.job_id, demo.client);
    expect((await admin.next()).type).toBe('progress');
    expect((await client.next()).type).toBe('progress');

    await startStep(ref, 'topic_analysis');
    await completeStep(ref, 'topic_analysis');
    await startStep(ref, 'keyword_research', 'Expanding keywords');
    for (const watcher of [admin, client]) {
      const frames = [await watcher.next(), await watcher.next(), await watcher.next()].map(asJobMessage);
      expect(frames.map((frame) => frame.data.progress.current_step)).toEqual([
        'topic_analysis',
        'topic_analysis',
        'keyword_research',
      ]);
    }

    // The client drops; progress goes on while it is away.
    await client.close();
    await completeStep(ref, 'keyword_research');
    expect(asJobMessage(await admin.next()).data.progress.percent).toBe(10);

    const back = await subscribe(ref.job_id, demo.client);
    const state = asJobMessage(await back.next());
    expect(state.type).toBe('progress');
    expect(state.data.progress).toMatchObject({
      percent: 10,
      steps_completed: ['topic_analysis', 'keyword_research'],
    });
    expect(state.data).toEqual(await storedView(ref));

    // Asking again answers again.
    back.socket.send(JSON.stringify({ action: 'subscribe' }));
    expect(asJobMessage(await back.next()).data).toEqual(state.data);
    await Promise.all([admin.close(), back.close()]);
  });

  it('sends error with code, step and message when the run fails, and again on reconnect', async () => {
    const ref = await startedRun(demo.id, demo.clientId);
    const watcher = await subscribe(ref.job_id, demo.admin);
    expect((await watcher.next()).type).toBe('progress');
    await startStep(ref, 'web_research');
    expect((await watcher.next()).type).toBe('progress');

    await recordGenerationFailure(ref, {
      Error: 'GEN_002',
      Cause: JSON.stringify({ errorMessage: 'Research took too long' }),
    });
    const failed = asJobMessage(await watcher.next());
    expect(failed).toMatchObject({
      type: 'error',
      error: { code: 'GEN_002', step: 'web_research', message: 'Research took too long' },
      data: { status: 'failed' },
    });
    await watcher.close();

    const later = await subscribe(ref.job_id, demo.admin);
    expect(asJobMessage(await later.next())).toMatchObject({ type: 'error', error: { code: 'GEN_002' } });
    await later.close();
  });

  it('sends a finished run its complete state on subscribe', async () => {
    const ref = await startedRun(demo.id, demo.clientId);
    await finishRun(ref);
    const watcher = await subscribe(ref.job_id, demo.client);
    expect(asJobMessage(await watcher.next())).toMatchObject({
      type: 'complete',
      data: { status: 'ready', result: { pdf_url: 'https://files.example/doc.pdf' } },
    });
    await watcher.close();
  });

  it('answers pings, rejects frames outside the protocol and subscribes without a subscription', async () => {
    const ref = await startedRun(demo.id, demo.clientId);
    const watcher = await open(socketUrl(ref.job_id, demo.admin));
    watcher.socket.send(JSON.stringify({ action: 'ping' }));
    expect(await watcher.next()).toEqual({ type: 'pong' });
    watcher.socket.send('hello');
    expect((await watcher.next()).type).toBe('rejected');

    // A connection whose subscription is gone (TTL, cleanup) is told to reconnect.
    const { data: connections } = await service()
      .entities.connection.query.byJob({ job_id: ref.job_id })
      .go();
    expect(connections).toHaveLength(1);
    await service()
      .entities.connection.delete({ connection_id: connections[0]?.connection_id ?? '' })
      .go();
    watcher.socket.send(JSON.stringify({ action: 'subscribe' }));
    expect(await watcher.next()).toMatchObject({
      type: 'rejected',
      message: expect.stringMatching(/reconnect/),
    });
    await watcher.close();
  });

  it('refuses another tenant, a client user of another client, and bad or expired tokens', async () => {
    const ref = await startedRun(demo.id, demo.clientId);
    const otherClientsRun = await startedRun(demo.id, demo.otherClientId);

    expect(await refusal(socketUrl(ref.job_id, acmeAdmin))).toBe(404);
    expect(await refusal(socketUrl(otherClientsRun.job_id, demo.client))).toBe(404);
    expect(await refusal(socketUrl(randomUUID(), demo.admin))).toBe(404);
    expect(await refusal(socketUrl(ref.job_id, 'not-a-token'))).toBe(401);
    expect(await refusal(`ws://127.0.0.1:${cloud.port}/ws?job_id=${ref.job_id}`)).toBe(400);

    const { kid, key } = await signingKeys().signingKey();
    const { issuer, audience } = tokenSettings();
    const iat = Math.floor(Date.now() / 1000) - 1000;
    const expired = await new SignJWT({ ...decodeJwt(demo.admin), iat, exp: iat + 900 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .sign(key);
    expect(await refusal(socketUrl(ref.job_id, expired))).toBe(401);

    // Refused sockets are never subscribed: the job's pushes reach nobody.
    const { data: connections } = await service()
      .entities.connection.query.byJob({ job_id: otherClientsRun.job_id })
      .go();
    expect(connections).toEqual([]);
    // The same client user is accepted for its own client's job.
    const own = await subscribe(ref.job_id, demo.client);
    expect((await own.next()).type).toBe('progress');
    await own.close();
  });
});
