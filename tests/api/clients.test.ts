/**
 * Clients through the local gateway (PRD §6.3): create with a seat and a slug, read in the PRD
 * shapes, search/filter/sort/paginate, update, deactivate and reactivate. The seat limit holds
 * under a concurrent burst and after a downgrade below usage; members only read; a client user
 * sees only its own client; another agency's client ids answer 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCounters } from '../../shared/admin/platform-counters.ts';
import type { ClientItem } from '../../shared/data/entities/clients.ts';
import { service } from '../../shared/data/service.ts';
import { callApi, type Envelope, type RawAnswer } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyIdsBySlug, SEEDED_AGENCIES, tokenFor, usersOf } from '../support/seed-data.ts';

let cloud: TestCloud;
const agencyIds: Record<string, string> = {};
const tokens: Record<string, string> = {};
/** The demo client the seeded client user is bound to, and the other seeded demo client. */
let ownClient: ClientItem;
let otherClient: ClientItem;

type Data = Record<string, unknown>;
type Answer = RawAnswer<Envelope<Data & Data[]>>;

/** Calls the API as `as` (`demo.owner`, `acme.member`, …), on that agency's host. */
function call(method: string, path: string, as: string, body?: unknown): Promise<Answer> {
  const [agency] = as.split('.') as [string];
  return callApi(cloud, method, path, { agency, bearer: tokens[as], body });
}

async function clientsOf(slug: string): Promise<ClientItem[]> {
  const agency_id = agencyIds[slug] as string;
  return (await service().entities.client.query.byId({ agency_id }).go({ pages: 'all' })).data;
}

async function seats(slug: string) {
  const { data } = await service()
    .entities.agency.get({ id: agencyIds[slug] as string })
    .go({ consistent: true });
  const active = (await clientsOf(slug)).filter((client) => client.is_active).length;
  return { counted: data?.active_client_count, max: data?.max_seats, active };
}

async function setMaxSeats(slug: string, maxSeats: number) {
  await service()
    .entities.agency.patch({ id: agencyIds[slug] as string })
    .set({ max_seats: maxSeats })
    .go();
}

async function activeClientCounter(): Promise<number> {
  return (await readCounters()).get('clients')?.active ?? 0;
}

const fields = (answer: Answer) =>
  ((answer.body.error?.details ?? []) as Array<{ field: string }>).map((detail) => detail.field).sort();

beforeAll(async () => {
  cloud = await startTestCloud();
  Object.assign(agencyIds, await agencyIdsBySlug());
  for (const slug of SEEDED_AGENCIES) {
    const users = await usersOf(agencyIds[slug] as string);
    for (const user of users) {
      const role = { agency_admin: 'owner', agency_member: 'member', client: 'client' }[user.role];
      tokens[`${slug}.${role}`] = await tokenFor(user);
      if (user.role === 'client') {
        const clients = await clientsOf(slug);
        ownClient = clients.find((client) => client.id === user.client_id) as ClientItem;
        otherClient = clients.find((client) => client.id !== user.client_id) as ClientItem;
      }
    }
  }
});
afterAll(() => cloud.destroy());

describe('clients (connected)', () => {
  it('creates a client in the PRD shape, takes a seat, derives and numbers slugs, audits', async () => {
    const before = await seats('demo');
    const counter = await activeClientCounter();
    const created = await call('POST', '/api/v1/clients', 'demo.owner', {
      company_name: 'NewCo Industries',
      contact_name: 'Bob Johnson',
      contact_email: 'bob@newco.example',
      contact_phone: '+1 555-987-6543',
      website_url: 'https://newco.example',
      industry: 'Manufacturing',
      company_description: 'Leading manufacturer of industrial equipment',
      default_tone: 'professional',
      related_services: ['Equipment Consulting', 'Maintenance Plans'],
      target_keywords: ['industrial equipment'],
      additional_context: 'Focus on B2B enterprise customers',
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      company_name: 'NewCo Industries',
      company_slug: 'newco-industries',
      is_active: true,
      branding: { logo_horizontal_url: null, color_accent_1: null, footer_text: null },
      content_defaults: {
        default_tone: 'professional',
        related_services: ['Equipment Consulting', 'Maintenance Plans'],
        target_keywords: ['industrial equipment'],
        brand_voice_notes: null,
      },
      social_connections: { linkedin: { connected: false }, google_business: { connected: false } },
      statistics: { total_documents_generated: 0, last_document_distributed_at: null },
    });
    expect(await seats('demo')).toMatchObject({
      counted: (before.counted ?? 0) + 1,
      active: before.active + 1,
    });
    expect(await activeClientCounter()).toBe(counter + 1);

    const namesake = await call('POST', '/api/v1/clients', 'demo.owner', {
      company_name: 'NewCo  Industries!',
    });
    expect(namesake.body.data?.company_slug).toBe('newco-industries-2');
    const taken = await call('POST', '/api/v1/clients', 'demo.owner', {
      company_name: 'Other',
      company_slug: 'newco-industries',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.code).toBe('VAL_004');
    // The refused creation left nothing behind: no client, no seat.
    expect((await clientsOf('demo')).filter((client) => client.company_name === 'Other')).toEqual([]);
    expect((await seats('demo')).counted).toBe((before.counted ?? 0) + 2);

    const { data: log } = await service()
      .entities.auditLog.query.byTime({ agency_id: agencyIds.demo as string })
      .go({ pages: 'all' });
    expect(log.find((entry) => entry.action === 'client_create')).toMatchObject({
      resource_type: 'client',
      resource_id: created.body.data?.id,
      resource_name: 'NewCo Industries',
    });
  });

  it('reports every bad field of a client body in one 422', async () => {
    const bad = await call('POST', '/api/v1/clients', 'demo.owner', {
      company_name: '   ',
      company_slug: 'Not A Slug',
      contact_name: 'x'.repeat(256),
      contact_email: 'not-an-email',
      contact_phone: 42,
      contact_title: '',
      website_url: 'javascript:alert(1)',
      industry: 'y'.repeat(256),
      company_size: 'huge',
      company_description: 'z'.repeat(5001),
      default_tone: 'friendly',
      related_services: ['ok', ''],
      target_keywords: 'keyword',
      additional_context: 7,
      brand_voice_notes: false,
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error?.code).toBe('VAL_001');
    expect(fields(bad)).toEqual(
      [
        'additional_context',
        'brand_voice_notes',
        'company_description',
        'company_name',
        'company_size',
        'company_slug',
        'contact_email',
        'contact_name',
        'contact_phone',
        'contact_title',
        'default_tone',
        'industry',
        'related_services.1',
        'target_keywords',
        'website_url',
      ].sort(),
    );

    const id = ownClient.id;
    const badUpdate = await call('PUT', `/api/v1/clients/${id}`, 'demo.owner', {
      company_name: null,
      contact_email: 'nope',
    });
    expect(fields(badUpdate)).toEqual(['company_name', 'contact_email']);
    const empty = await call('PUT', `/api/v1/clients/${id}`, 'demo.owner', {});
    expect(empty.status).toBe(422);
  });

  it('lists with search, industry and activity filters, sort and pagination', async () => {
    for (const [company_name, contact_name, industry] of [
      ['Zephyr Analytics', 'Quinn Vale', 'Software'],
      ['Aurora Software', 'Rae Lin', 'software'],
      ['Harbor Bakery', 'Quinn Moss', 'Food'],
    ] as const)
      expect(
        (await call('POST', '/api/v1/clients', 'demo.owner', { company_name, contact_name, industry }))
          .status,
      ).toBe(201);

    const newest = await call('GET', '/api/v1/clients', 'demo.member');
    expect(newest.status).toBe(200);
    expect(newest.body.data?.[0]).toMatchObject({
      company_name: 'Harbor Bakery',
      social_connections: { linkedin: false, facebook: false, twitter: false, google_business: false },
    });
    expect(newest.body.data?.[0]).not.toHaveProperty('oauth_linkedin_encrypted');
    const active = (await clientsOf('demo')).filter((client) => client.is_active).length;
    expect(newest.body.pagination).toMatchObject({ page: 1, per_page: 20, total_items: active });

    const quinn = await call(
      'GET',
      '/api/v1/clients?search=QUINN&sort=company_name&order=asc',
      'demo.member',
    );
    expect(quinn.body.data?.map((client) => client.company_name)).toEqual([
      'Harbor Bakery',
      'Zephyr Analytics',
    ]);
    const software = await call('GET', '/api/v1/clients?industry=SOFTWARE&sort=company_name', 'demo.member');
    expect(software.body.data?.map((client) => client.company_name)).toEqual([
      'Zephyr Analytics',
      'Aurora Software',
    ]);
    const byName = await call('GET', '/api/v1/clients?search=software', 'demo.member');
    expect(byName.body.data?.map((client) => client.company_name)).toEqual(['Aurora Software']);

    const page = await call(
      'GET',
      '/api/v1/clients?sort=company_name&order=asc&per_page=2&page=2',
      'demo.member',
    );
    const names = (await clientsOf('demo'))
      .filter((client) => client.is_active)
      .map((client) => client.company_name)
      .sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    expect(page.body.data?.map((client) => client.company_name)).toEqual(names.slice(2, 4));
    expect(page.body.pagination).toMatchObject({ page: 2, per_page: 2, has_prev: true });

    const bad = await call('GET', '/api/v1/clients?per_page=101&sort=secret&is_active=maybe', 'demo.member');
    expect(bad.status).toBe(422);
    expect(fields(bad)).toEqual(['query.is_active', 'query.per_page', 'query.sort']);
  });

  it('shows a client in full without tokens; updates (PUT and PATCH) keep the slug, null clears', async () => {
    const path = `/api/v1/clients/${otherClient.id}`;
    await service()
      .entities.client.patch({ agency_id: agencyIds.demo as string, id: otherClient.id })
      .set({
        oauth_linkedin_encrypted: 'ciphertext-that-must-not-leak',
        oauth_linkedin_connected: true,
        oauth_linkedin_page_name: 'Brightline',
        oauth_linkedin_connected_at: '2026-01-02T03:04:05.000Z',
      })
      .go();
    const shown = await call('GET', path, 'demo.member');
    expect(shown.status).toBe(200);
    expect(shown.body.data).toMatchObject({
      id: otherClient.id,
      company_size: '51-200',
      social_connections: {
        linkedin: { connected: true, page_name: 'Brightline', connected_at: '2026-01-02T03:04:05.000Z' },
        twitter: { connected: false },
      },
    });
    expect(JSON.stringify(shown.body)).not.toContain('ciphertext');
    const listed = await call('GET', '/api/v1/clients?search=brightline', 'demo.member');
    expect(listed.body.data?.[0]?.social_connections).toMatchObject({ linkedin: true, facebook: false });

    const updated = await call('PUT', path, 'demo.owner', {
      company_name: 'Brightline Freight',
      contact_name: null,
      target_keywords: ['last mile'],
      brand_voice_notes: 'Plain words',
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({
      company_name: 'Brightline Freight',
      company_slug: otherClient.company_slug,
      contact_name: null,
      content_defaults: { target_keywords: ['last mile'], brand_voice_notes: 'Plain words' },
    });
    const patched = await call('PATCH', path, 'demo.owner', { company_size: '500+' });
    expect(patched.body.data).toMatchObject({ company_size: '500+', company_name: 'Brightline Freight' });

    const { data: log } = await service()
      .entities.auditLog.query.byTime({ agency_id: agencyIds.demo as string })
      .go({ pages: 'all' });
    expect(
      log.find((entry) => entry.action === 'client_update' && entry.changes?.company_name)?.changes,
    ).toMatchObject({
      company_name: { old: otherClient.company_name, new: 'Brightline Freight' },
      contact_name: { old: otherClient.contact_name, new: null },
    });
  });

  it('deactivates (frees the seat, idempotent) and reactivates (takes a seat, refused when full)', async () => {
    const created = await call('POST', '/api/v1/clients', 'acme.owner', { company_name: 'Pause Co' });
    const id = created.body.data?.id as string;
    const path = `/api/v1/clients/${id}`;
    const before = await seats('acme');
    const counter = await activeClientCounter();

    const deactivated = await call('DELETE', `${path}?reason=Contract%20paused`, 'acme.owner');
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.data).toEqual({ message: 'Client deactivated successfully' });
    expect(await seats('acme')).toMatchObject({
      counted: (before.counted ?? 0) - 1,
      active: before.active - 1,
    });
    expect(await activeClientCounter()).toBe(counter - 1);
    const stored = (await clientsOf('acme')).find((client) => client.id === id);
    expect(stored).toMatchObject({ is_active: false, deactivation_reason: 'Contract paused' });

    const again = await call('DELETE', path, 'acme.owner');
    expect(again.status).toBe(200);
    expect((await seats('acme')).counted).toBe((before.counted ?? 0) - 1);

    const inactive = await call('GET', '/api/v1/clients?is_active=false', 'acme.owner');
    expect(inactive.body.data?.map((client) => client.id)).toEqual([id]);
    expect((await call('GET', '/api/v1/clients', 'acme.owner')).body.data?.map((c) => c.id)).not.toContain(
      id,
    );

    // Full: every seat taken by the active clients; reactivation is refused and changes nothing.
    await setMaxSeats('acme', before.active - 1);
    const refused = await call('POST', `${path}/reactivate`, 'acme.owner');
    expect(refused.status).toBe(400);
    expect(refused.body.error?.code).toBe('BIZ_001');
    expect((await clientsOf('acme')).find((client) => client.id === id)?.is_active).toBe(false);

    await setMaxSeats('acme', 50);
    const reactivated = await call('POST', `${path}/reactivate`, 'acme.owner');
    expect(reactivated.status).toBe(200);
    expect(reactivated.body.data).toMatchObject({ id, is_active: true });
    const stillActive = await call('POST', `${path}/reactivate`, 'acme.owner');
    expect(stillActive.status).toBe(200);
    expect(await seats('acme')).toMatchObject({ counted: before.counted, active: before.active });
    expect(await activeClientCounter()).toBe(counter);
    const after = (await clientsOf('acme')).find((client) => client.id === id);
    expect(after?.deactivated_at).toBeUndefined();
    expect(after?.deactivation_reason).toBeUndefined();
  });

  it('with one seat left, 10 concurrent creates give exactly one client; the counter stays exact', async () => {
    const before = await seats('acme');
    expect(before.counted).toBe(before.active);
    await setMaxSeats('acme', before.active + 1);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        call('POST', '/api/v1/clients', 'acme.owner', { company_name: `Race ${n}` }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array(9).fill(400)]);
    expect(answers.filter((answer) => answer.status === 400).map((a) => a.body.error?.code)).toEqual(
      Array(9).fill('BIZ_001'),
    );
    const after = await seats('acme');
    expect(after).toMatchObject({ counted: before.active + 1, active: before.active + 1 });
    expect(
      (await clientsOf('acme')).filter((client) => client.company_name.startsWith('Race ')),
    ).toHaveLength(1);
    await setMaxSeats('acme', 50);
  });

  it('after a downgrade below usage keeps every client but blocks new seats until enough are freed', async () => {
    const before = await seats('acme');
    await setMaxSeats('acme', before.active - 1);
    const blocked = await call('POST', '/api/v1/clients', 'acme.owner', { company_name: 'Blocked Co' });
    expect(blocked.status).toBe(400);
    expect(blocked.body.error?.code).toBe('BIZ_001');
    const listed = await call('GET', '/api/v1/clients', 'acme.member');
    expect(listed.body.pagination?.total_items).toBe(before.active);

    // Freeing one seat is not enough (still at the new limit); freeing two is.
    const [first, second] = listed.body.data as Data[];
    expect((await call('DELETE', `/api/v1/clients/${first?.id}`, 'acme.owner')).status).toBe(200);
    expect((await call('POST', '/api/v1/clients', 'acme.owner', { company_name: 'Blocked Co' })).status).toBe(
      400,
    );
    expect((await call('DELETE', `/api/v1/clients/${second?.id}`, 'acme.owner')).status).toBe(200);
    expect((await call('POST', '/api/v1/clients', 'acme.owner', { company_name: 'Blocked Co' })).status).toBe(
      201,
    );
    expect(await seats('acme')).toMatchObject({ counted: before.active - 1, active: before.active - 1 });
    await setMaxSeats('acme', 50);
  });

  it('lets a client user see only its own client, and nothing else', async () => {
    const list = await call('GET', '/api/v1/clients', 'demo.client');
    expect(list.status).toBe(200);
    expect(list.body.data?.map((client) => client.id)).toEqual([ownClient.id]);
    expect(list.body.pagination).toMatchObject({ total_items: 1 });
    expect((await call('GET', '/api/v1/clients?search=nothing-like-it', 'demo.client')).body.data).toEqual(
      [],
    );

    expect((await call('GET', `/api/v1/clients/${ownClient.id}`, 'demo.client')).status).toBe(200);
    const other = await call('GET', `/api/v1/clients/${otherClient.id}`, 'demo.client');
    expect(other.status).toBe(404);
    expect(other.body.error?.code).toBe('RES_001');

    for (const [method, path] of [
      ['POST', '/api/v1/clients'],
      ['PUT', `/api/v1/clients/${ownClient.id}`],
      ['DELETE', `/api/v1/clients/${ownClient.id}`],
      ['POST', `/api/v1/clients/${ownClient.id}/reactivate`],
    ] as const) {
      const refused = await call(
        method,
        path,
        'demo.client',
        method === 'DELETE' ? undefined : { company_name: 'X' },
      );
      expect(refused.status, `${method} ${path}`).toBe(403);
    }
  });

  it('lets members read but not write (403 AUTH_004)', async () => {
    expect((await call('GET', `/api/v1/clients/${ownClient.id}`, 'demo.member')).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/api/v1/clients', { company_name: 'Member Co' }],
      ['PUT', `/api/v1/clients/${ownClient.id}`, { industry: 'X' }],
      ['PATCH', `/api/v1/clients/${ownClient.id}`, { industry: 'X' }],
      ['DELETE', `/api/v1/clients/${ownClient.id}`, undefined],
      ['POST', `/api/v1/clients/${ownClient.id}/reactivate`, undefined],
    ] as const) {
      const refused = await call(method, path, 'demo.member', body);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error?.code).toBe('AUTH_004');
    }
    expect((await clientsOf('demo')).some((client) => client.company_name === 'Member Co')).toBe(false);
  });

  it("answers 404 for another agency's client on every route, and changes nothing", async () => {
    const path = `/api/v1/clients/${ownClient.id}`;
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PUT', '', { company_name: 'Hijacked' }],
      ['PATCH', '', { company_name: 'Hijacked' }],
      ['DELETE', '', undefined],
      ['POST', '/reactivate', undefined],
    ] as const) {
      const answer = await call(method, `${path}${suffix}`, 'acme.owner', body);
      expect(answer.status, `${method} ${suffix}`).toBe(404);
      expect(answer.body.error?.code).toBe('RES_001');
    }
    const unchanged = (await clientsOf('demo')).find((client) => client.id === ownClient.id);
    expect(unchanged).toMatchObject({ company_name: ownClient.company_name, is_active: true });
    const acmeList = await call('GET', '/api/v1/clients?search=northwind', 'acme.owner');
    expect(acmeList.body.data).toEqual([]);
  });
});
