/**
 * The local cloud as a whole (connected): state survives a restart on the same data directory,
 * the real generate-document workflow runs through the SFN API to a ready document, SES mail
 * lands in the outbox, the WebSocket API refuses unauthenticated subscribers, and a taken port is
 * reported clearly.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PortInUseError, startLocalCloud } from '../../infra/local/cloud.ts';
import { env } from '../../shared/config/env.ts';
import { service } from '../../shared/data/service.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { s3Client } from '../../shared/storage/s3-client.ts';
import { REPO_ROOT, startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { pdfImageSizes } from '../support/pdf-images.ts';
import { png } from '../support/png.ts';

let cloud: TestCloud;

/** How long a whole generation may take on a machine shared with other test files (a bound, not a timing). */
const RUN_DEADLINE_MS = 120_000;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(async () => {
  await cloud.destroy();
  // The workflow rendered its PDF in this process: Chromium must not outlive the file.
  await closeBrowser();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function demoAgency() {
  const { data } = await service().entities.agency.query.bySlug({ slug: 'demo' }).go();
  if (!data[0]) throw new Error('demo agency missing');
  return data[0];
}

describe('local cloud (connected)', () => {
  it(
    'runs the generate-document workflow on the real ASL and handlers',
    async () => {
      const agency = await demoAgency();
      const [client] = (await service().entities.client.query.byId({ agency_id: agency.id }).go()).data;
      if (!client) throw new Error('demo client missing');
      // The client's logo is addressed by an http(s) URL the renderer may not load: the PDF step
      // must embed it from the files bucket.
      const logoKey = `agencies/${agency.id}/clients/${client.id}/branding/logo-horizontal-test.png`;
      await s3Client().send(
        new PutObjectCommand({
          Bucket: env().FILES_BUCKET,
          Key: logoKey,
          Body: png(240, 80),
          ContentType: 'image/png',
        }),
      );
      await service()
        .entities.client.patch({ agency_id: agency.id, id: client.id })
        .set({ logo_horizontal_url: `${env().FILES_BASE_URL}/${logoKey}` })
        .go();
      const document = (
        await service()
          .entities.document.create({
            agency_id: agency.id,
            client_id: client.id,
            title: 'AI in clinics',
            topic: 'AI in clinics',
          })
          .go()
      ).data;
      const job = (
        await service().entities.generationJob.create({ agency_id: agency.id, document_id: document.id }).go()
      ).data;

      const sfn = new SFNClient({});
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: env().GENERATE_STATE_MACHINE_ARN,
          input: JSON.stringify({ agency_id: agency.id, document_id: document.id, job_id: job.id }),
        }),
      );
      const execution = await until(
        () => sfn.send(new DescribeExecutionCommand({ executionArn })),
        (described) => described.status !== 'RUNNING',
        RUN_DEADLINE_MS,
      );
      expect(execution.status).toBe('SUCCEEDED');
      // The whole pipeline ran (offline model, no keys here): the document ends ready with its PDF.
      const stored = await service()
        .entities.document.get({ agency_id: agency.id, id: document.id })
        .go({ consistent: true });
      expect(stored.data, stored.data?.generation_error_message).toMatchObject({
        status: 'ready',
        generation_started_at: expect.any(String),
        generation_completed_at: expect.any(String),
        pdf_file_path: expect.stringMatching(new RegExp(`^agencies/${agency.id}/documents/${document.id}/`)),
      });
      const pdf = await s3Client().send(
        new GetObjectCommand({ Bucket: env().FILES_BUCKET, Key: stored.data?.pdf_file_path }),
      );
      const bytes = Buffer.from((await pdf.Body?.transformToByteArray()) ?? []);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfImageSizes(bytes)).toContain('240×80');
      const storedJob = await service()
        .entities.generationJob.get({ agency_id: agency.id, id: job.id })
        .go({ consistent: true });
      expect(storedJob.data).toMatchObject({
        execution_arn: executionArn,
        started_at: expect.any(String),
        completed_at: expect.any(String),
        progress_percent: 100,
      });
    },
    RUN_DEADLINE_MS + 30_000,
  );

  it('delivers SES mail to the local outbox, newest last', async () => {
    const ses = new SESv2Client({});
    for (const subject of ['First', 'Second']) {
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'no-reply@example.com',
          Destination: { ToAddresses: ['owner@demo.example.com'] },
          Content: {
            Simple: { Subject: { Data: subject }, Body: { Text: { Data: `token=abc-${subject}` } } },
          },
        }),
      );
    }
    const outbox = await (await cloud.request('/_local/outbox')).json();
    expect(outbox.map((mail: { subject: string }) => mail.subject).slice(-2)).toEqual(['First', 'Second']);
    expect(outbox.at(-1)).toMatchObject({ to: ['owner@demo.example.com'], text: 'token=abc-Second' });
  });

  it('serves stored files publicly under /files but never lists the bucket', async () => {
    await s3Client().send(
      new PutObjectCommand({
        Bucket: env().FILES_BUCKET,
        Key: 'demo/report.txt',
        Body: 'hello',
        ContentType: 'text/plain',
      }),
    );
    const file = await cloud.request('/files/demo/report.txt');
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('hello');
    expect((await cloud.request('/files/demo/')).status).toBe(404);
    expect((await cloud.request('/files/demo/report.txt', { method: 'DELETE' })).status).not.toBe(204);
  });

  it('refuses a WebSocket subscription without job_id and token', async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${cloud.port}/ws`);
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => {
        socket.close();
        resolve(101);
      });
    });
    expect(status).toBe(400);
  });

  it('says clearly when the port is taken', async () => {
    await expect(
      startLocalCloud({ port: cloud.port, dataDir: `${cloud.dataDir}-second`, repoRoot: REPO_ROOT }),
    ).rejects.toBeInstanceOf(PortInUseError);
  });

  it('keeps every item, object and execution across a restart on the same data directory', async () => {
    const key = 'restart/marker.txt';
    await s3Client().send(new PutObjectCommand({ Bucket: env().FILES_BUCKET, Key: key, Body: 'kept' }));
    const agency = await demoAgency();
    const sfn = new SFNClient({});
    const { executions } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: env().GENERATE_STATE_MACHINE_ARN }),
    );
    await cloud.close();

    const restarted = await startTestCloud({ dataDir: cloud.dataDir, port: cloud.port, seed: false });
    try {
      expect((await service().entities.agency.get({ id: agency.id }).go()).data).toMatchObject({
        slug: 'demo',
      });
      const object = await s3Client().send(new GetObjectCommand({ Bucket: env().FILES_BUCKET, Key: key }));
      expect(await object.Body?.transformToString()).toBe('kept');
      const [first] = executions ?? [];
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: first?.executionArn }));
      expect(described.status).toBe('SUCCEEDED');
      expect(
        (await restarted.request('/api/v1/plans').then((response) => response.json())).data,
      ).toHaveLength(4);
    } finally {
      await restarted.close();
    }
  });
});
