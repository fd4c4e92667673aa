/**
 * Starting a generation (PRD §6.4 `POST /clients/{client_id}/documents/generate`) through the
 * local gateway: the 202 answer, the document (request + client defaults) and job it creates and
 * the state-machine execution it starts; `Idempotency-Key`; template access by plan (BIZ_002);
 * Enterprise credits (BIZ_004); Pro agencies without their own Anthropic key (BIZ_005, except
 * offline where no key exists anywhere); validation; tenants and client users; a start that fails
 * leaves a failed document, never a pending one. Every refusal leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { env, resetEnvCache } from '../../shared/config/env.ts';
import type { AgencyItem } from '../../shared/data/entities/agencies.ts';
import type { ClientItem } from '../../shared/data/entities/clients.ts';
import { service } from '../../shared/data/service.ts';
import { closeBrowser } from '../../shared/pdf/browser.ts';
import { encryptAgencySecret } from '../../shared/provider-keys/agency-secrets.ts';
import { allTemplates } from '../../shared/templates/plan-access.ts';
import { type Answer, authApi, fieldErrors } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyBySlug, tokenFor, usersOf, userWithRole } from '../support/seed-data.ts';

let cloud: TestCloud;
let api: ReturnType<typeof authApi>;

interface Staff {
  agency: AgencyItem;
  slug: string;
  admin: string;
  adminId: string;
  member: string;
  client: string;
  clientUserClientId: string;
  clients: ClientItem[];
}
let demo: Staff;
let acme: Staff;

async function staff(slug: string): Promise<Staff> {
  const agency = await agencyBySlug(slug);
  const users = await usersOf(agency.id);
  const admin = userWithRole(users, 'agency_admin');
  const clientUser = users.find((user) => user.role === 'client');
  const clients = (await service().entities.client.query.byId({ agency_id: agency.id }).go({ pages: 'all' }))
    .data;
  return {
    agency,
    slug,
    admin: await tokenFor(admin),
    adminId: admin.id,
    member: await tokenFor(userWithRole(users, 'agency_member')),
    client: clientUser ? await tokenFor(clientUser) : '',
    clientUserClientId: clientUser?.client_id ?? '',
    clients: clients.sort((a, b) => a.created_at.localeCompare(b.created_at)),
  };
}

const generatePath = (clientId: string) => `/api/v1/clients/${clientId}/documents/generate`;

function generate(
  agency: Staff,
  token: string,
  clientId: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return api.call('POST', generatePath(clientId), { agency: agency.slug, bearer: token, body, headers });
}

/** Every document and job of an agency: refusals must leave these unchanged. */
async function footprint(agencyId: string) {
  const entities = service().entities;
  const [documents, jobs] = await Promise.all([
    entities.document.query.byClient({ agency_id: agencyId }).go({ pages: 'all', attributes: ['id'] }),
    entities.generationJob.query.byDocument({ agency_id: agencyId }).go({ pages: 'all', attributes: ['id'] }),
  ]);
  return { documents: documents.data.length, jobs: jobs.data.length };
}

const started = (answer: Answer) => answer.body.data as Record<string, string | number>;

function setOffline(allowed: boolean) {
  if (allowed) process.env.CS_OFFLINE_MODEL = 'allowed';
  else delete process.env.CS_OFFLINE_MODEL;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  api = authApi(cloud);
  demo = await staff('demo');
  acme = await staff('acme');
});
afterEach(() => setOffline(true));
afterAll(async () => {
  setOffline(false);
  await cloud?.destroy();
  // Started runs render their PDF in this process: Chromium must not outlive the file.
  await closeBrowser();
});

describe('starting a generation', () => {
  it('202: the document, its job and the execution exist; left-out fields come from the client’s defaults', async () => {
    setOffline(true);
    const client = demo.clients[0] as ClientItem;
    await service()
      .entities.client.patch({ agency_id: demo.agency.id, id: client.id })
      .set({
        default_tone: 'casual',
        related_services: ['Care pathways'],
        additional_context: 'Hospital CFOs',
      })
      .go();
    const answer = await generate(demo, demo.admin, client.id, {
      topic: '  Patient intake automation for regional hospitals  ',
      keywords: ['intake', 'automation'],
      custom_direction: 'Include a rollout checklist.',
      cover_image_search: 'hospital reception',
      distribution_channels: { linkedin: true },
    });
    expect(answer.status).toBe(202);
    const data = started(answer);
    expect(data).toEqual({
      document_id: expect.any(String),
      job_id: expect.any(String),
      status: 'pending',
      estimated_duration_seconds: 120,
      websocket_url: `${env().WEBSOCKET_URL}?job_id=${data.job_id}`,
      polling_url: `/api/v1/documents/${data.document_id}/status`,
    });

    const entities = service().entities;
    const { data: document } = await entities.document
      .get({ agency_id: demo.agency.id, id: data.document_id as string })
      .go({ consistent: true });
    const exec = (await allTemplates()).find((template) => template.is_default);
    expect(document).toMatchObject({
      client_id: client.id,
      template_id: exec?.id,
      created_by_user_id: demo.adminId,
      topic: 'Patient intake automation for regional hospitals',
      input_tone: 'casual',
      input_keywords: ['intake', 'automation'],
      input_related_services: ['Care pathways'],
      input_additional_context: 'Hospital CFOs',
      input_custom_direction: 'Include a rollout checklist.',
      input_cover_image_search: 'hospital reception',
      input_industry: client.industry,
      auto_distribute: false,
      distribution_channels: { linkedin: true },
    });
    expect(document?.generation_queued_at).toBe(document?.created_at);
    // The run is under way (or already over): never a document without a run.
    expect(['pending', 'generating', 'ready', 'failed']).toContain(document?.status);
    const { data: job } = await entities.generationJob
      .get({ agency_id: demo.agency.id, id: data.job_id as string })
      .go({ consistent: true });
    expect(job?.document_id).toBe(data.document_id);

    const executionArn = `${env().GENERATE_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${data.job_id}`;
    const execution = await new SFNClient({}).send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(execution.input ?? '{}')).toEqual({
      agency_id: demo.agency.id,
      document_id: data.document_id,
      job_id: data.job_id,
    });

    const status = await api.call('GET', data.polling_url as string, {
      agency: demo.slug,
      bearer: demo.member,
    });
    expect(status.status).toBe(200);
    expect(status.body.data).toMatchObject({ document_id: data.document_id, job_id: data.job_id });

    const { data: audit } = await entities.auditLog.query
      .byTime({ agency_id: demo.agency.id })
      .go({ order: 'desc', limit: 20 });
    expect(
      audit.find((entry) => entry.action === 'document_generate' && entry.resource_id === data.document_id),
    ).toMatchObject({ user_id: demo.adminId, action_category: 'generation', status: 'success' });
  });

  it('a member and a client user (for its own client) may generate; a template code in any case', async () => {
    const member = await generate(demo, demo.member, demo.clients[1]?.id as string, {
      topic: 'Member generated topic',
      template_code: 'minimal_02',
    });
    expect(member.status).toBe(202);
    const { data: document } = await service()
      .entities.document.get({ agency_id: demo.agency.id, id: started(member).document_id as string })
      .go({ consistent: true });
    const minimal = (await allTemplates()).find((template) => template.code === 'MINIMAL_02');
    expect(document?.template_id).toBe(minimal?.id);
    const own = await generate(demo, demo.client, demo.clientUserClientId, {
      topic: 'Client asked for this',
    });
    expect(own.status).toBe(202);
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body answer the same 202 and create one document', async () => {
    const clientId = demo.clients[0]?.id as string;
    const key = `gen-${randomUUID()}`;
    const body = { topic: 'Idempotent topic for a retried request' };
    const before = await footprint(demo.agency.id);
    const first = await generate(demo, demo.admin, clientId, body, { 'Idempotency-Key': key });
    const second = await generate(demo, demo.member, clientId, body, { 'Idempotency-Key': key });
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.data).toEqual(first.body.data);
    expect(await footprint(demo.agency.id)).toEqual({
      documents: before.documents + 1,
      jobs: before.jobs + 1,
    });
  });

  it('the same key with another body is 422 and creates nothing', async () => {
    const clientId = demo.clients[0]?.id as string;
    const key = `gen-${randomUUID()}`;
    const first = await generate(
      demo,
      demo.admin,
      clientId,
      { topic: 'First use of a key' },
      { 'Idempotency-Key': key },
    );
    expect(first.status).toBe(202);
    const before = await footprint(demo.agency.id);
    const reuse = await generate(
      demo,
      demo.admin,
      clientId,
      { topic: 'Second, different body' },
      { 'Idempotency-Key': key },
    );
    expect(reuse.status).toBe(422);
    expect(reuse.body.error?.code).toBe('VAL_001');
    expect(fieldErrors(reuse).map((error) => error.field)).toEqual(['Idempotency-Key']);
    const otherClient = await generate(
      demo,
      demo.admin,
      demo.clients[1]?.id as string,
      { topic: 'First use of a key' },
      { 'Idempotency-Key': key },
    );
    expect(otherClient.status).toBe(422);
    expect(await footprint(demo.agency.id)).toEqual(before);
  });

  it('keys are scoped per agency', async () => {
    const key = `gen-${randomUUID()}`;
    const body = { topic: 'Same key in two agencies' };
    const inDemo = await generate(demo, demo.admin, demo.clients[0]?.id as string, body, {
      'Idempotency-Key': key,
    });
    const inAcme = await generate(acme, acme.admin, acme.clients[0]?.id as string, body, {
      'Idempotency-Key': key,
    });
    expect(inDemo.status).toBe(202);
    expect(inAcme.status).toBe(202);
    expect(started(inAcme).document_id).not.toBe(started(inDemo).document_id);
  });

  it('concurrent requests with one key start one run', async () => {
    const clientId = demo.clients[1]?.id as string;
    const key = `gen-${randomUUID()}`;
    const before = await footprint(demo.agency.id);
    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        generate(demo, demo.admin, clientId, { topic: 'Raced request' }, { 'Idempotency-Key': key }),
      ),
    );
    for (const answer of answers) expect([202, 409]).toContain(answer.status);
    const accepted = answers.filter((answer) => answer.status === 202);
    expect(new Set(accepted.map((answer) => started(answer).document_id)).size).toBe(1);
    expect(await footprint(demo.agency.id)).toEqual({
      documents: before.documents + 1,
      jobs: before.jobs + 1,
    });
  });

  it('a malformed key is 422', async () => {
    const answer = await generate(
      demo,
      demo.admin,
      demo.clients[0]?.id as string,
      { topic: 'Bad key' },
      { 'Idempotency-Key': 'x'.repeat(300) },
    );
    expect(answer.status).toBe(422);
    expect(fieldErrors(answer).map((error) => error.field)).toEqual(['Idempotency-Key']);
  });
});

describe('refusals leave nothing behind', () => {
  it('validation: 422 lists every bad field; invalid JSON is 400', async () => {
    const before = await footprint(demo.agency.id);
    const answer = await generate(demo, demo.admin, demo.clients[0]?.id as string, {
      topic: 'ab',
      tone: 'funny',
      keywords: 'not a list',
      template_code: 'BAD CODE!',
      auto_distribute: true,
      distribution_channels: { myspace: true },
    });
    expect(answer.status).toBe(422);
    expect(
      fieldErrors(answer)
        .map((error) => error.field)
        .sort(),
    ).toEqual(['distribution_channels', 'keywords', 'template_code', 'tone', 'topic']);
    expect(fieldErrors(answer).find((error) => error.field === 'topic')?.message).toBe(
      'Topic must be at least 3 characters',
    );
    const noChannel = await generate(demo, demo.admin, demo.clients[0]?.id as string, {
      topic: 'Auto distribution without a channel',
      auto_distribute: true,
    });
    expect(fieldErrors(noChannel).map((error) => error.field)).toEqual(['distribution_channels']);
    const broken = await cloud.request(generatePath(demo.clients[0]?.id as string), {
      method: 'POST',
      agency: demo.slug,
      headers: { authorization: `Bearer ${demo.admin}`, 'content-type': 'application/json' },
      body: '{"topic": ',
    });
    expect(broken.status).toBe(400);
    expect(await footprint(demo.agency.id)).toEqual(before);
  });

  it('template access by plan: 403 BIZ_002 for a premium template on Pro, 404 for an unknown one', async () => {
    const before = await footprint(acme.agency.id);
    const premium = await generate(acme, acme.admin, acme.clients[0]?.id as string, {
      topic: 'Premium design wanted',
      template_code: 'BOLD_05',
    });
    expect(premium.status).toBe(403);
    expect(premium.body.error?.code).toBe('BIZ_002');
    const unknown = await generate(acme, acme.admin, acme.clients[0]?.id as string, {
      topic: 'Unknown design wanted',
      template_code: 'NOPE_99',
    });
    expect(unknown.status).toBe(404);
    expect(await footprint(acme.agency.id)).toEqual(before);
  });

  it('Enterprise with the period’s credits used up: 402 BIZ_004', async () => {
    const { data: plan } = await service().entities.plan.get({ id: demo.agency.plan_id }).go();
    expect(plan?.api_key_mode).toBe('included');
    const entities = service().entities;
    await entities.agency
      .patch({ id: demo.agency.id })
      .set({ api_usage_cents_current_period: plan?.included_api_credits_cents ?? 0 })
      .go();
    try {
      const before = await footprint(demo.agency.id);
      const answer = await generate(demo, demo.admin, demo.clients[0]?.id as string, {
        topic: 'Over the allowance',
      });
      expect(answer.status).toBe(402);
      expect(answer.body.error?.code).toBe('BIZ_004');
      expect(await footprint(demo.agency.id)).toEqual(before);
    } finally {
      await entities.agency.patch({ id: demo.agency.id }).set({ api_usage_cents_current_period: 0 }).go();
    }
  });

  it('Pro without its own Anthropic key: told to add one; offline where no key exists anywhere; its own key works', async () => {
    const clientId = acme.clients[0]?.id as string;
    setOffline(false);
    const before = await footprint(acme.agency.id);
    const refused = await generate(acme, acme.admin, clientId, { topic: 'Needs a key first' });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('BIZ_005');
    expect(refused.body.error?.message).toMatch(/own Anthropic API key.*Settings/);
    expect(await footprint(acme.agency.id)).toEqual(before);

    setOffline(true);
    expect(
      (await generate(acme, acme.admin, clientId, { topic: 'Offline run on this machine' })).status,
    ).toBe(202);

    setOffline(false);
    const entities = service().entities;
    await entities.agency
      .patch({ id: acme.agency.id })
      .set({
        anthropic_api_key_encrypted: await encryptAgencySecret(
          acme.agency.id,
          'anthropic_api_key_encrypted',
          'sk-ant-api03-test-key',
        ),
        anthropic_api_key_last4: '-key',
      })
      .go();
    try {
      expect((await generate(acme, acme.admin, clientId, { topic: 'With its own key' })).status).toBe(202);
    } finally {
      await entities.agency
        .patch({ id: acme.agency.id })
        .remove(['anthropic_api_key_encrypted', 'anthropic_api_key_last4'])
        .go();
    }
  });

  it('other tenants, other clients, deactivated clients and client users without the right', async () => {
    const before = { demo: await footprint(demo.agency.id), acme: await footprint(acme.agency.id) };
    const foreign = await generate(demo, demo.admin, acme.clients[0]?.id as string, {
      topic: 'Cross tenant probe',
    });
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(acme.clients[0]?.company_name as string);
    const otherClient = demo.clients.find((client) => client.id !== demo.clientUserClientId) as ClientItem;
    expect((await generate(demo, demo.client, otherClient.id, { topic: 'Not my client' })).status).toBe(404);
    expect((await generate(demo, demo.admin, randomUUID(), { topic: 'Nobody' })).status).toBe(404);

    const created = await api.call('POST', '/api/v1/clients', {
      agency: demo.slug,
      bearer: demo.admin,
      body: { company_name: `Dormant ${randomUUID().slice(0, 8)}` },
    });
    const dormant = (created.body.data as { id: string }).id;
    expect(
      (await api.call('DELETE', `/api/v1/clients/${dormant}`, { agency: demo.slug, bearer: demo.admin }))
        .status,
    ).toBe(200);
    const inactive = await generate(demo, demo.admin, dormant, { topic: 'For a deactivated client' });
    expect(inactive.status).toBe(410);
    expect(inactive.body.error?.code).toBe('RES_004');
    expect({ demo: await footprint(demo.agency.id), acme: await footprint(acme.agency.id) }).toEqual(before);
  });
});

describe('a start that fails', () => {
  it('marks the document failed at once (503), so nothing waits in pending', async () => {
    const saved = process.env.GENERATE_STATE_MACHINE_ARN as string;
    process.env.GENERATE_STATE_MACHINE_ARN = saved.replace(/generate-document$/, 'no-such-machine');
    resetEnvCache();
    let answer: Answer;
    try {
      answer = await generate(demo, demo.admin, demo.clients[0]?.id as string, { topic: 'Start will fail' });
    } finally {
      process.env.GENERATE_STATE_MACHINE_ARN = saved;
      resetEnvCache();
    }
    expect(answer.status).toBe(503);
    expect(answer.body.error?.code).toBe('SYS_002');
    const { data } = await service()
      .entities.document.query.byClient({
        agency_id: demo.agency.id,
        client_id: demo.clients[0]?.id as string,
      })
      .go({ pages: 'all' });
    const document = data.find((item) => item.topic === 'Start will fail');
    expect(document).toMatchObject({
      status: 'failed',
      generation_error_code: 'GEN_001',
      generation_error_step: 'start',
    });
    const status = await api.call('GET', `/api/v1/documents/${document?.id}/status`, {
      agency: demo.slug,
      bearer: demo.admin,
    });
    expect(status.body.data).toMatchObject({ status: 'failed', error: { code: 'GEN_001', step: 'start' } });
  });
});
