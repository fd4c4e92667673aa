/**
 * The super-admin API through the local gateway (PRD §6.9): agencies (list with search, filters,
 * sorting and pagination; create with an invited admin; detail; update), plans (seat changes reach
 * the agencies on the plan), system statistics from maintained counters, the platform audit log,
 * and the boundary: agency users never reach /admin routes, super admins never use agency hosts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../shared/clients/create-client.ts';
import type { UserItem } from '../../shared/data/entities/users.ts';
import { service } from '../../shared/data/service.ts';
import { type CallOptions, callApi, type Envelope, outboxTo } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyBySlug, agencyIdsBySlug, superAdminToken, tokenFor, usersOf } from '../support/seed-data.ts';

let cloud: TestCloud;
let superToken: string;
const agencyIds: Record<string, string> = {};

type Data = Record<string, unknown> & Array<Record<string, unknown>>;

/** Calls the API of the cloud, with `token` as the bearer. */
const call = (method: string, path: string, { token, ...options }: CallOptions & { token?: string } = {}) =>
  callApi<Envelope<Data>>(cloud, method, path, { ...options, bearer: token });

/** As the seeded super admin, on the platform host. */
const asAdmin = (method: string, path: string, body?: unknown) =>
  call(method, path, { token: superToken, body });

/** The platform's numbers counted the slow way, straight from the items. */
async function recount() {
  const entities = service().entities;
  const agencies = (await entities.agency.query.byUsagePeriodEnd({}).go({ pages: 'all' })).data;
  const plans = (await entities.plan.query.byName({}).go({ pages: 'all' })).data;
  const byPlan: Record<string, number> = Object.fromEntries(plans.map((plan) => [plan.name, 0]));
  let clients = { total: 0, active: 0 };
  let users = { total: 0, active: 0 };
  for (const agency of agencies) {
    const name = plans.find((plan) => plan.id === agency.plan_id)?.name as string;
    if (agency.is_active) byPlan[name] = (byPlan[name] ?? 0) + 1;
    const agencyClients = (await entities.client.query.byId({ agency_id: agency.id }).go({ pages: 'all' }))
      .data;
    const agencyUsers = await usersOf(agency.id);
    clients = {
      total: clients.total + agencyClients.length,
      active: clients.active + agencyClients.filter((client) => client.is_active).length,
    };
    users = {
      total: users.total + agencyUsers.length,
      active: users.active + agencyUsers.filter((user) => user.is_active).length,
    };
  }
  return {
    agencies: {
      total: agencies.length,
      active: agencies.filter((agency) => agency.is_active).length,
      by_plan: byPlan,
    },
    clients,
    users,
  };
}

beforeAll(async () => {
  cloud = await startTestCloud();
  Object.assign(agencyIds, await agencyIdsBySlug());
  superToken = await superAdminToken();
});
afterAll(() => cloud.destroy());

describe('super admin (connected)', () => {
  it('counts exactly what the seed created, from the maintained counters', async () => {
    const stats = await asAdmin('GET', '/api/v1/admin/system/stats');
    expect(stats.status).toBe(200);
    expect(stats.body.data).toEqual({
      agencies: {
        total: 2,
        active: 2,
        by_plan: { pro_annual: 0, pro_monthly: 1, enterprise_annual: 1, enterprise_monthly: 0 },
      },
      clients: { total: 3, active: 3 },
      users: { total: 5, active: 5 },
      super_admins: { total: 1, active: 1 },
    });
    expect(stats.body.data).toMatchObject(await recount());
  });

  it('lists agencies with search, filters, sorting and pagination', async () => {
    const all = await asAdmin('GET', '/api/v1/admin/agencies?sort=name&order=asc');
    expect(all.status).toBe(200);
    expect(all.body.data?.map((agency) => agency.slug)).toEqual(['acme', 'demo']);
    expect(all.body.data?.[1]).toMatchObject({
      name: 'Demo Agency',
      plan: { name: 'enterprise_annual', display_name: 'Enterprise (Annual)' },
      subscription_status: 'active',
      seats_used: 2,
      seats_limit: 200,
      is_active: true,
    });
    expect(all.body.pagination).toMatchObject({ total_items: 2, total_pages: 1 });

    const search = await asAdmin('GET', '/api/v1/admin/agencies?search=ACM');
    expect(search.body.data?.map((agency) => agency.slug)).toEqual(['acme']);
    const byPlan = await asAdmin('GET', '/api/v1/admin/agencies?plan=enterprise_annual');
    expect(byPlan.body.data?.map((agency) => agency.slug)).toEqual(['demo']);
    const byStatus = await asAdmin('GET', '/api/v1/admin/agencies?status=trial');
    expect(byStatus.body.data).toEqual([]);
    const page = await asAdmin('GET', '/api/v1/admin/agencies?sort=seats_used&order=desc&per_page=1&page=2');
    expect(page.body.data?.map((agency) => agency.slug)).toEqual(['acme']);
    expect(page.body.pagination).toMatchObject({ page: 2, per_page: 1, total_pages: 2, has_prev: true });
    const bad = await asAdmin('GET', '/api/v1/admin/agencies?plan=gold&sort=secret');
    expect(bad.status).toBe(422);
  });

  it('creates an agency and invites its first admin to the new host', async () => {
    const created = await asAdmin('POST', '/api/v1/admin/agencies', {
      name: 'Globex Content',
      slug: 'globex',
      plan: 'pro_annual',
      admin_email: 'Gina@Globex.example',
      admin_name: 'Gina de la Cruz',
      notes: 'Signed at the 2026 summit',
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      name: 'Globex Content',
      slug: 'globex',
      plan: { name: 'pro_annual' },
      seats: { used: 0, limit: 50, available: 50, over_limit: false },
      team: { total: 1, active: 1, active_admins: 1, by_role: { agency_admin: 1 } },
      notes: 'Signed at the 2026 summit',
      admin: { email: 'gina@globex.example', invitation_sent: true },
    });
    expect(JSON.stringify(created.body.data)).not.toMatch(/_encrypted|webhook_secret/);
    const agencyId = created.body.data?.id as string;
    agencyIds.globex = agencyId;

    const [admin] = await usersOf(agencyId);
    expect(admin).toMatchObject({
      role: 'agency_admin',
      first_name: 'Gina',
      last_name: 'de la Cruz',
      is_email_verified: false,
      password_hash: '!',
    });
    const mail = (await outboxTo(cloud, 'gina@globex.example')).at(-1);
    expect(mail?.text).toMatch(
      new RegExp(`http://globex\\.localhost:${cloud.port}/accept-invitation\\?token=[A-Za-z0-9_-]{20,}`),
    );

    const team = await call('GET', '/api/v1/agency/team', {
      agency: 'globex',
      token: await tokenFor(admin as UserItem),
    });
    expect(team.body.data?.map((member) => member.email)).toEqual(['gina@globex.example']);

    const taken = await asAdmin('POST', '/api/v1/admin/agencies', {
      name: 'Another Globex',
      slug: 'globex',
      plan: 'pro_annual',
      admin_email: 'x@globex.example',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.code).toBe('RES_002');
    const noPlan = await asAdmin('POST', '/api/v1/admin/agencies', {
      name: 'Planless',
      slug: 'planless',
      plan_id: randomUUID(),
      admin_email: 'x@planless.example',
    });
    expect(noPlan.status).toBe(422);
    const badSlug = await asAdmin('POST', '/api/v1/admin/agencies', {
      name: 'Bad',
      slug: '-Bad Slug-',
      admin_email: 'not-an-email',
    });
    expect(badSlug.status).toBe(422);
    expect(
      ((badSlug.body.error?.details ?? []) as Array<{ field: string }>).map((detail) => detail.field).sort(),
    ).toEqual(['admin_email', 'plan', 'slug']);
  });

  it('shows one agency in detail and answers 404 for unknown ids', async () => {
    const detail = await asAdmin('GET', `/api/v1/admin/agencies/${agencyIds.demo}`);
    expect(detail.status).toBe(200);
    expect(detail.body.data).toMatchObject({
      slug: 'demo',
      seats: { used: 2, limit: 200, available: 198, over_limit: false },
      usage: { api_usage_cents_current_period: 0, included_api_credits_cents: 100000 },
      team: { total: 3, active: 3, active_admins: 1 },
      clients: { total: 2, active: 2 },
      documents_generated_total: 0,
      settings: expect.objectContaining({ company_email: 'hello@demo.example.com', color_mode: 'light' }),
    });
    const missing = await asAdmin('GET', `/api/v1/admin/agencies/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error?.code).toBe('RES_001');
  });

  it('changes plan (seat limit follows in the same write), status and notes', async () => {
    const path = `/api/v1/admin/agencies/${agencyIds.acme}`;
    const upgraded = await asAdmin('PUT', path, {
      plan: 'enterprise_monthly',
      notes: 'Upgraded per sales call',
    });
    expect(upgraded.status).toBe(200);
    expect(upgraded.body.data).toMatchObject({
      plan: { name: 'enterprise_monthly' },
      seats_limit: 200,
      notes: 'Upgraded per sales call',
    });
    expect((await agencyBySlug('acme')).max_seats).toBe(200);

    // A downgrade below usage keeps every client but blocks new seats.
    const demoPath = `/api/v1/admin/agencies/${agencyIds.demo}`;
    const shrunk = await asAdmin('PUT', '/api/v1/admin/plans/pro_monthly', { max_seats: 1 });
    expect(shrunk.status).toBe(200);
    const downgraded = await asAdmin('PUT', demoPath, { plan: 'pro_monthly' });
    expect(downgraded.body.data).toMatchObject({
      seats: { used: 2, limit: 1, available: 0, over_limit: true },
    });
    const demoClients = (
      await service()
        .entities.client.query.byId({ agency_id: agencyIds.demo as string })
        .go()
    ).data;
    expect(demoClients.every((client) => client.is_active)).toBe(true);
    await expect(
      createClient(agencyIds.demo as string, { company_name: 'Blocked Co' }),
    ).rejects.toMatchObject({
      code: 'BIZ_001',
    });

    const suspended = await asAdmin('PUT', path, { subscription_status: 'suspended', notes: null });
    expect(suspended.body.data).toMatchObject({ subscription_status: 'suspended', notes: null });
    const acmeOwner = (await usersOf(agencyIds.acme as string)).find((user) => user.role === 'agency_admin');
    const blocked = await call('GET', '/api/v1/agency/team', {
      agency: 'acme',
      token: await tokenFor(acmeOwner as UserItem),
    });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error?.code).toBe('BIZ_003');
    await asAdmin('PUT', path, { subscription_status: 'active' });

    const unknownPlan = await asAdmin('PUT', path, { plan_id: randomUUID() });
    expect(unknownPlan.status).toBe(422);
    const missing = await asAdmin('PUT', `/api/v1/admin/agencies/${randomUUID()}`, { notes: 'x' });
    expect(missing.status).toBe(404);
  });

  it('applies a plan seat change to every agency on the plan, and nowhere else', async () => {
    const list = await asAdmin('GET', '/api/v1/admin/plans');
    expect(list.status).toBe(200);
    expect(list.body.data?.map((plan) => plan.name)).toEqual([
      'pro_annual',
      'pro_monthly',
      'enterprise_annual',
      'enterprise_monthly',
    ]);
    expect(list.body.data?.find((plan) => plan.name === 'pro_monthly')).toMatchObject({
      max_seats: 1,
      agencies: { total: 1, active: 1 },
    });

    const restored = await asAdmin('PUT', '/api/v1/admin/plans/pro_monthly', {
      max_seats: 50,
      price_cents: 210_000,
      badge_text: 'Popular',
    });
    expect(restored.status).toBe(200);
    expect(restored.body.data).toMatchObject({
      max_seats: 50,
      price_cents: 210_000,
      badge_text: 'Popular',
      seat_propagation: { max_seats: 50, agencies_updated: 1, agencies_over_limit: 0 },
    });
    expect((await agencyBySlug('demo')).max_seats).toBe(50);
    expect((await agencyBySlug('acme')).max_seats).toBe(200);
    expect((await agencyBySlug('globex')).max_seats).toBe(50);
    const added = await createClient(agencyIds.demo as string, { company_name: 'Unblocked Co' });
    expect(added.is_active).toBe(true);

    const cleared = await asAdmin('PUT', '/api/v1/admin/plans/pro_monthly', { badge_text: null });
    expect(cleared.body.data).toMatchObject({ badge_text: null, seat_propagation: null });
    expect((await asAdmin('PUT', '/api/v1/admin/plans/gold', { price_cents: 1 })).status).toBe(404);
    expect((await asAdmin('PUT', '/api/v1/admin/plans/pro_monthly', { max_seats: 0 })).status).toBe(422);
  });

  it('keeps the counters equal to a recount after creations, plan moves and deactivation', async () => {
    const deactivated = await asAdmin('PUT', `/api/v1/admin/agencies/${agencyIds.globex}`, {
      is_active: false,
    });
    expect(deactivated.body.data?.is_active).toBe(false);
    const stats = await asAdmin('GET', '/api/v1/admin/system/stats');
    expect(stats.body.data).toMatchObject(await recount());
    expect(stats.body.data).toMatchObject({
      agencies: {
        total: 3,
        active: 2,
        by_plan: { pro_annual: 0, pro_monthly: 1, enterprise_annual: 0, enterprise_monthly: 1 },
      },
      clients: { total: 4, active: 4 },
      users: { total: 6, active: 6 },
    });
    const inactive = await asAdmin('GET', '/api/v1/admin/agencies?is_active=false');
    expect(inactive.body.data?.map((agency) => agency.slug)).toEqual(['globex']);
  });

  it('records every admin action in the platform audit log', async () => {
    const { data } = await service().entities.platformAuditLog.query.byTime({}).go({ pages: 'all' });
    const actions = data.map((entry) => entry.action);
    for (const action of ['agency_create', 'agency_update', 'plan_update'])
      expect(actions, action).toContain(action);
    const planChange = data.find(
      (entry) => entry.action === 'agency_update' && entry.resource_id === agencyIds.demo,
    );
    expect(planChange).toMatchObject({ action_category: 'admin', resource_type: 'agency' });
    expect(planChange?.changes).toMatchObject({ max_seats: { old: 200, new: 1 } });
    expect(planChange?.request_id).toMatch(/^req_/);
  });

  it('keeps agency users out of /admin routes and super admins off agency hosts', async () => {
    const demoUsers = await usersOf(agencyIds.demo as string);
    const routes: Array<[string, string, unknown]> = [
      ['GET', '/api/v1/admin/agencies', undefined],
      [
        'POST',
        '/api/v1/admin/agencies',
        { name: 'X', slug: 'x', plan: 'pro_annual', admin_email: 'x@x.example' },
      ],
      ['GET', `/api/v1/admin/agencies/${agencyIds.demo}`, undefined],
      ['PUT', `/api/v1/admin/agencies/${agencyIds.demo}`, { notes: 'hijacked' }],
      ['GET', '/api/v1/admin/plans', undefined],
      ['PUT', '/api/v1/admin/plans/pro_monthly', { price_cents: 1 }],
      ['GET', '/api/v1/admin/system/stats', undefined],
    ];
    for (const role of ['agency_admin', 'agency_member', 'client'] as const) {
      const token = await tokenFor(demoUsers.find((user) => user.role === role) as UserItem);
      for (const [method, path, body] of routes) {
        const onAgencyHost = await call(method, path, { agency: 'demo', token, body });
        expect(onAgencyHost.status, `${role} ${method} ${path}`).toBe(403);
        expect(onAgencyHost.body.error?.code).toBe('AUTH_004');
        const onPlatformHost = await call(method, path, { token, body });
        expect(onPlatformHost.status, `${role} ${method} ${path} on the platform host`).toBe(401);
      }
    }
    const superOnAgencyHost = await call('GET', '/api/v1/admin/agencies', {
      agency: 'demo',
      token: superToken,
    });
    expect(superOnAgencyHost.status).toBe(401);
    expect((await agencyBySlug('demo')).notes).toBeUndefined();
    expect((await asAdmin('GET', '/api/v1/admin/plans')).body.data?.[1]?.price_cents).toBe(210_000);
  });
});
