/**
 * The tenant-isolation matrix, generated from the route table: every route × every kind of caller
 * of agency A (none, each role, a token of agency B, an API key of agency B) × path ids that
 * belong to agency B. No response may carry any of agency B's data, and agency B's items must be
 * exactly as they were afterwards. The case count is printed for the record.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type RouteDefinition, routeKey } from '../../shared/api/routes.ts';
import { type AccessSubject, issueAccessToken } from '../../shared/auth/access-token.ts';
import { env } from '../../shared/config/env.ts';
import { sampleContent } from '../../shared/content/sample-content.ts';
import { API_KEY_SCOPES } from '../../shared/data/entities/api-keys.ts';
import { service } from '../../shared/data/service.ts';
import { s3Client } from '../../shared/storage/s3-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyBySlug, usersOf } from '../support/seed-data.ts';

let cloud: TestCloud;

interface AgencyFixture {
  slug: string;
  agencyId: string;
  /** Every id and identifying string of the agency's data that must never leak. */
  secrets: string[];
  ids: Record<string, string>;
  tokens: Record<'agency_admin' | 'agency_member' | 'client', string>;
  apiKey: string | null;
}

async function snapshot(agencyId: string): Promise<string> {
  const entities = service().entities;
  const [agency, users, clients, documents, jobs] = await Promise.all([
    entities.agency.get({ id: agencyId }).go(),
    entities.user.query.byId({ agency_id: agencyId }).go({ pages: 'all' }),
    entities.client.query.byId({ agency_id: agencyId }).go({ pages: 'all' }),
    entities.document.query.byClient({ agency_id: agencyId }).go({ pages: 'all' }),
    entities.generationJob.query.byDocument({ agency_id: agencyId }).go({ pages: 'all' }),
  ]);
  return JSON.stringify({
    agency: agency.data,
    users: users.data,
    clients: clients.data,
    documents: documents.data,
    jobs: jobs.data,
  });
}

/** A ready document with content, a job and a PDF, so every document route has something to leak. */
async function seedReadyDocument(agencyId: string, clientId: string, title: string) {
  const id = randomUUID();
  const key = `agencies/${agencyId}/documents/${id}/document.pdf`;
  const pdf = await PDFDocument.create();
  pdf.addPage().drawText(title);
  await s3Client().send(
    new PutObjectCommand({
      Bucket: env().FILES_BUCKET,
      Key: key,
      Body: await pdf.save(),
      ContentType: 'application/pdf',
    }),
  );
  const entities = service().entities;
  await entities.document
    .create({
      id,
      agency_id: agencyId,
      client_id: clientId,
      title,
      topic: title,
      status: 'ready',
      content_json: { ...sampleContent(), title },
      pdf_file_path: key,
      pdf_url: `${env().FILES_BASE_URL}/${key}`,
    })
    .go();
  await entities.generationJob.create({ agency_id: agencyId, document_id: id, progress_percent: 100 }).go();
  return { id, title };
}

async function fixture(slug: string): Promise<AgencyFixture> {
  const entities = service().entities;
  const agency = await agencyBySlug(slug);
  const users = await usersOf(agency.id);
  const clients = (await entities.client.query.byId({ agency_id: agency.id }).go({ pages: 'all' })).data;
  const token = async (role: 'agency_admin' | 'agency_member' | 'client') => {
    const user = users.find((candidate) => candidate.role === role) ?? users[0];
    if (!user) throw new Error(`no user in ${slug}`);
    const subject = {
      sub: user.id,
      role,
      agency_id: agency.id,
      client_id: role === 'client' ? (user.client_id ?? clients[0]?.id ?? randomUUID()) : null,
      email: user.email,
      session_id: randomUUID(),
    } as AccessSubject;
    return (await issueAccessToken(subject)).token;
  };
  const client = clients[0];
  const user = users[0];
  const document = client
    ? await seedReadyDocument(agency.id, client.id, `${slug} isolation document`)
    : null;
  return {
    slug,
    agencyId: agency.id,
    secrets: [
      agency.id,
      agency.name,
      `${slug}.example.com`,
      ...users.flatMap((item) => [item.id, item.email]),
      ...clients.flatMap((item) => [item.id, item.company_name]),
      ...(document ? [document.id, document.title] : []),
    ],
    ids: {
      client: client?.id ?? randomUUID(),
      user: user?.id ?? randomUUID(),
      agency: agency.id,
      document: document?.id ?? randomUUID(),
    },
    tokens: {
      agency_admin: await token('agency_admin'),
      agency_member: await token('agency_member'),
      client: await token('client'),
    },
    apiKey: null,
  };
}

/** Fills path parameters with agency B's ids, by what the parameter names. */
function pathFor(route: RouteDefinition, other: AgencyFixture): string {
  return route.path.replace(/\{([A-Za-z0-9_]+)\+?\}/g, (_match, name: string) => {
    if (/client/i.test(name)) return other.ids.client as string;
    if (/user/i.test(name)) return other.ids.user as string;
    if (/agenc/i.test(name)) return other.ids.agency as string;
    if (/document/i.test(name)) return other.ids.document as string;
    if (name === 'id') {
      if (route.path.includes('/clients/')) return other.ids.client as string;
      if (route.path.includes('/team/')) return other.ids.user as string;
      return other.ids.agency as string;
    }
    return randomUUID();
  });
}

/**
 * One body with a plausible value for the fields the mutating routes take, so that requests pass
 * validation and reach the tenant checks (schemas drop the fields a route does not know).
 */
const PLAUSIBLE_BODY = JSON.stringify({
  name: 'Isolation probe',
  email: 'isolation-probe@example.com',
  first_name: 'Iso',
  last_name: 'Probe',
  job_title: 'Probe',
  role: 'agency_member',
  notes: 'isolation matrix',
  scopes: ['clients:list'],
  description: 'isolation matrix',
  topic: 'Isolation matrix probe topic',
});

let home: AgencyFixture;
let other: AgencyFixture;

/** An API key of `agency` with every scope its admin may grant, made through the API. */
async function createApiKey(agency: AgencyFixture): Promise<string> {
  const response = await cloud.request('/api/v1/agency/api-keys', {
    method: 'POST',
    agency: agency.slug,
    headers: { authorization: `Bearer ${agency.tokens.agency_admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'isolation matrix', scopes: [...API_KEY_SCOPES] }),
  });
  const body = await response.json();
  if (response.status !== 201) throw new Error(`key creation failed: ${JSON.stringify(body)}`);
  return body.data.key;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  home = await fixture('demo');
  other = await fixture('acme');
  other.apiKey = await createApiKey(other);
});
afterAll(() => cloud.destroy());

describe('tenant isolation matrix (connected)', () => {
  it("detects an agency's own data in its own answers (the leak detector works)", async () => {
    const team = await cloud.request('/api/v1/agency/team', {
      agency: other.slug,
      headers: { authorization: `Bearer ${other.tokens.agency_admin}` },
    });
    expect(team.status).toBe(200);
    const body = await team.text();
    expect(other.secrets.filter((secret) => body.includes(secret)).length).toBeGreaterThan(2);
    const viaKey = await cloud.request('/api/v1/agency/team', {
      agency: other.slug,
      headers: { 'x-api-key': other.apiKey ?? '' },
    });
    expect(viaKey.status).toBe(200);
  });

  it('never shows or changes agency B data to any caller on agency A', async () => {
    const before = await snapshot(other.agencyId);
    const callers: Array<[string, Record<string, string>]> = [
      ['anonymous', {}],
      ['A agency_admin', { authorization: `Bearer ${home.tokens.agency_admin}` }],
      ['A agency_member', { authorization: `Bearer ${home.tokens.agency_member}` }],
      ['A client', { authorization: `Bearer ${home.tokens.client}` }],
      ['B agency_admin token', { authorization: `Bearer ${other.tokens.agency_admin}` }],
    ];
    if (other.apiKey) callers.push(['B api key', { 'x-api-key': other.apiKey }]);

    let cases = 0;
    const leaks: string[] = [];
    const statuses = new Map<number, number>();
    for (const route of ROUTES) {
      if (route.method === 'ANY') continue;
      const path = pathFor(route, other);
      for (const [caller, headers] of callers) {
        const response = await cloud.request(path, {
          method: route.method,
          agency: home.slug,
          headers: { 'content-type': 'application/json', ...headers },
          ...(route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH'
            ? { body: PLAUSIBLE_BODY }
            : {}),
        });
        const body = await response.text();
        cases += 1;
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const leaked = other.secrets.filter((secret) => body.includes(secret));
        if (leaked.length > 0)
          leaks.push(`${routeKey(route)} as ${caller} → ${response.status} leaked ${leaked.join(', ')}`);
      }
    }
    const routeCount = ROUTES.filter((route) => route.method !== 'ANY').length;
    console.log(
      `tenant isolation matrix: ${cases} cases (${routeCount} routes × ${callers.length} callers), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    // The requests reached the routes: rate limits or an unresolved host would show as 429s or only 404s.
    expect(statuses.get(429) ?? 0).toBe(0);
    expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
    expect(leaks).toEqual([]);
    expect(await snapshot(other.agencyId)).toBe(before);
  });
});
