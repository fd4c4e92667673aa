/**
 * Team management through the local gateway (PRD §6.8): list, invite (with the emailed link),
 * update, deactivate; the last active agency admin can never be demoted or deactivated, even by
 * two concurrent requests; members and clients are refused; another agency's users are 404.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserItem } from '../../shared/data/entities/users.ts';
import { service } from '../../shared/data/service.ts';
import { activeAdminCount } from '../../shared/team/active-admins.ts';
import { type CallOptions, callApi, type Envelope, outboxTo } from '../support/api-client.ts';
import { startTestCloud, type TestCloud } from '../support/local-cloud.ts';
import { agencyIdsBySlug, superAdminToken, tokenFor, usersOf } from '../support/seed-data.ts';

let cloud: TestCloud;
const agencyIds: Record<string, string> = {};
const tokens: Record<string, string> = {};
let owner: UserItem;
let member: UserItem;
let acmeMember: UserItem;

type Data = Record<string, unknown> & Array<Record<string, unknown>>;

/** Calls the API of the cloud, with `token` as the bearer. */
const call = (method: string, path: string, { token, ...options }: CallOptions & { token?: string } = {}) =>
  callApi<Envelope<Data>>(cloud, method, path, { ...options, bearer: token });

/** As the demo agency's owner (its only admin at the start), on the demo host. */
const asOwner = (method: string, path: string, body?: unknown) =>
  call(method, path, { agency: 'demo', token: tokens.owner, body });

const users = (slug: string) => usersOf(agencyIds[slug] as string);
const mailTo = (address: string) => outboxTo(cloud, address);

beforeAll(async () => {
  cloud = await startTestCloud();
  Object.assign(agencyIds, await agencyIdsBySlug());
  const demo = await users('demo');
  owner = demo.find((user) => user.role === 'agency_admin') as UserItem;
  member = demo.find((user) => user.role === 'agency_member') as UserItem;
  const client = demo.find((user) => user.role === 'client') as UserItem;
  acmeMember = (await users('acme')).find((user) => user.role === 'agency_member') as UserItem;
  tokens.owner = await tokenFor(owner);
  tokens.member = await tokenFor(member);
  tokens.client = await tokenFor(client);
});
afterAll(() => cloud.destroy());

describe('team (connected)', () => {
  it('lists the team with role filter, search, sort and pagination', async () => {
    const all = await asOwner('GET', '/api/v1/agency/team');
    expect(all.status).toBe(200);
    expect(all.body.data?.map((item) => item.email).sort()).toEqual([
      'client@demo.example.com',
      'member@demo.example.com',
      'owner@demo.example.com',
    ]);
    expect(all.body.data?.[0]).not.toHaveProperty('password_hash');
    expect(all.body.pagination).toMatchObject({ page: 1, per_page: 20, total_items: 3, total_pages: 1 });

    const members = await asOwner('GET', '/api/v1/agency/team?role=agency_member');
    expect(members.body.data?.map((item) => item.email)).toEqual(['member@demo.example.com']);

    const found = await asOwner('GET', '/api/v1/agency/team?search=OLIVIA');
    expect(found.body.data?.map((item) => item.display_name)).toEqual(['Olivia Owens']);

    const page = await asOwner('GET', '/api/v1/agency/team?sort=email&order=desc&per_page=1&page=2');
    expect(page.body.data?.map((item) => item.email)).toEqual(['member@demo.example.com']);
    expect(page.body.pagination).toMatchObject({ total_pages: 3, has_next: true, has_prev: true });

    const bad = await asOwner('GET', '/api/v1/agency/team?role=owner&per_page=500');
    expect(bad.status).toBe(422);
    expect(
      ((bad.body.error?.details ?? []) as Array<{ field: string }>).map((detail) => detail.field).sort(),
    ).toEqual(['query.per_page', 'query.role']);
  });

  it('invites a member: unverified, no usable password, emailed a token link to the agency host', async () => {
    const invited = await asOwner('POST', '/api/v1/agency/team', {
      email: 'New.Person@Demo.Example.com',
      first_name: 'Nia',
      last_name: 'Park',
      role: 'agency_member',
      job_title: 'Account Executive',
    });
    expect(invited.status).toBe(201);
    expect(invited.body.data).toMatchObject({
      email: 'new.person@demo.example.com',
      display_name: 'Nia Park',
      role: 'agency_member',
      is_active: true,
      is_email_verified: false,
      invitation_sent: true,
    });
    const expires = Date.parse(invited.body.data?.invitation_expires_at as string);
    expect(Math.abs(expires - (Date.now() + 7 * 86_400_000))).toBeLessThan(60_000);

    const stored = (await users('demo')).find((user) => user.id === invited.body.data?.id);
    expect(stored?.password_hash).toBe('!');
    const [mail] = await mailTo('new.person@demo.example.com');
    expect(mail?.text).toMatch(
      new RegExp(`http://demo\\.localhost:${cloud.port}/accept-invitation\\?token=[A-Za-z0-9_-]{20,}`),
    );
    expect(mail?.subject).toContain('Olivia Owens');

    const again = await asOwner('POST', '/api/v1/agency/team', {
      email: 'new.person@demo.example.com',
      role: 'agency_admin',
    });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('VAL_004');
  });

  it('invites client users only for an active client of the same agency', async () => {
    const demoClient = (
      await service()
        .entities.client.query.byId({ agency_id: agencyIds.demo as string })
        .go()
    ).data[0];
    const acmeClient = (
      await service()
        .entities.client.query.byId({ agency_id: agencyIds.acme as string })
        .go()
    ).data[0];

    const missing = await asOwner('POST', '/api/v1/agency/team', { email: 'c1@x.example', role: 'client' });
    expect(missing.status).toBe(422);
    expect(missing.body.error?.details).toEqual([expect.objectContaining({ field: 'client_id' })]);

    const foreign = await asOwner('POST', '/api/v1/agency/team', {
      email: 'c2@x.example',
      role: 'client',
      client_id: acmeClient?.id,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error?.code).toBe('RES_001');
    expect((await users('demo')).some((user) => user.email === 'c2@x.example')).toBe(false);

    const ok = await asOwner('POST', '/api/v1/agency/team', {
      email: 'c3@x.example',
      role: 'client',
      client_id: demoClient?.id,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.data).toMatchObject({ role: 'client', client_id: demoClient?.id });
  });

  it("updates a member's role, title and names, and clears a title with null", async () => {
    const path = `/api/v1/agency/team/${member.id}`;
    const updated = await asOwner('PUT', path, { job_title: 'Director of Content', first_name: 'Maxine' });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({
      job_title: 'Director of Content',
      display_name: 'Maxine Meyer',
    });

    const cleared = await asOwner('PUT', path, { job_title: null });
    expect(cleared.body.data?.job_title).toBeNull();

    const nothing = await asOwner('PUT', path, {});
    expect(nothing.status).toBe(422);

    const clientUser = (await users('demo')).find((user) => user.role === 'client') as UserItem;
    const promoteClient = await asOwner('PUT', `/api/v1/agency/team/${clientUser.id}`, {
      role: 'agency_admin',
    });
    expect(promoteClient.status).toBe(422);
  });

  it('never leaves the agency without an active admin, not even for its last admin', async () => {
    const self = `/api/v1/agency/team/${owner.id}`;
    const demote = await asOwner('PUT', self, { role: 'agency_member' });
    expect(demote.status).toBe(409);
    expect(demote.body.error?.code).toBe('RES_003');
    const remove = await asOwner('DELETE', self);
    expect(remove.status).toBe(409);
    expect((await users('demo')).find((user) => user.id === owner.id)).toMatchObject({
      role: 'agency_admin',
      is_active: true,
    });
    expect(await activeAdminCount(agencyIds.demo as string)).toBe(1);
  });

  it('lets exactly one of two concurrent demotions of the only two admins succeed', async () => {
    const promoted = await asOwner('PUT', `/api/v1/agency/team/${member.id}`, { role: 'agency_admin' });
    expect(promoted.body.data?.role).toBe('agency_admin');
    expect(await activeAdminCount(agencyIds.demo as string)).toBe(2);

    const answers = await Promise.all(
      [owner.id, member.id].map((id) =>
        asOwner('PUT', `/api/v1/agency/team/${id}`, { role: 'agency_member' }),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const admins = (await users('demo')).filter((user) => user.role === 'agency_admin' && user.is_active);
    expect(admins).toHaveLength(1);
    expect(await activeAdminCount(agencyIds.demo as string)).toBe(1);

    // Put the owner back as the only admin, the state the other tests expect.
    const remaining = admins[0] as UserItem;
    if (remaining.id !== owner.id) {
      const remainingToken = await tokenFor(remaining);
      await call('PUT', `/api/v1/agency/team/${owner.id}`, {
        agency: 'demo',
        token: remainingToken,
        body: { role: 'agency_admin' },
      });
      await asOwner('PUT', `/api/v1/agency/team/${remaining.id}`, { role: 'agency_member' });
    }
    expect(await activeAdminCount(agencyIds.demo as string)).toBe(1);
  });

  it('deactivates a member with who and why, ends their sessions, and is idempotent', async () => {
    const invited = await asOwner('POST', '/api/v1/agency/team', {
      email: 'leaving@demo.example.com',
      role: 'agency_member',
    });
    const id = invited.body.data?.id as string;
    const families = service().entities.refreshTokenFamily;
    await families
      .create({
        id: randomUUID(),
        user_id: id,
        agency_id: agencyIds.demo,
        current_token_hash: 'a'.repeat(64),
        expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      })
      .go();

    const removed = await asOwner('DELETE', `/api/v1/agency/team/${id}?reason=Left%20the%20company`);
    expect(removed.status).toBe(200);
    expect(removed.body.data).toEqual({ message: 'Team member deactivated', id });
    const stored = (await users('demo')).find((user) => user.id === id);
    expect(stored).toMatchObject({
      is_active: false,
      deactivated_by: owner.id,
      deactivation_reason: 'Left the company',
    });
    expect(stored?.deactivated_at).toBeDefined();
    const { data: sessions } = await families.query.byUser({ user_id: id }).go();
    expect(sessions.map((family) => family.revoked)).toEqual([true]);

    expect((await asOwner('DELETE', `/api/v1/agency/team/${id}`)).status).toBe(200);
    const inactive = await asOwner('GET', '/api/v1/agency/team?is_active=false');
    expect(inactive.body.data?.map((item) => item.id)).toEqual([id]);
  });

  it('refuses members (except listing) and clients with 403 AUTH_004', async () => {
    const target = `/api/v1/agency/team/${owner.id}`;
    const attempts: Array<[string, string, string, unknown]> = [
      ['member', 'POST', '/api/v1/agency/team', { email: 'x@demo.example.com', role: 'agency_admin' }],
      ['member', 'PUT', target, { role: 'agency_member' }],
      ['member', 'DELETE', target, undefined],
      ['client', 'GET', '/api/v1/agency/team', undefined],
      ['client', 'POST', '/api/v1/agency/team', { email: 'y@demo.example.com', role: 'agency_admin' }],
      ['client', 'PUT', target, { role: 'agency_member' }],
      ['client', 'DELETE', target, undefined],
    ];
    for (const [who, method, path, body] of attempts) {
      const answer = await call(method, path, { agency: 'demo', token: tokens[who], body });
      expect(answer.status, `${who} ${method} ${path}`).toBe(403);
      expect(answer.body.error?.code).toBe('AUTH_004');
    }
    const listed = await call('GET', '/api/v1/agency/team', { agency: 'demo', token: tokens.member });
    expect(listed.status).toBe(200);
  });

  it("answers 404 for another agency's users and leaves them untouched", async () => {
    const before = (await users('acme')).find((user) => user.id === acmeMember.id);
    const path = `/api/v1/agency/team/${acmeMember.id}`;
    for (const [method, body] of [
      ['PUT', { role: 'agency_admin' }],
      ['DELETE', undefined],
    ] as const) {
      const answer = await asOwner(method, path, body);
      expect(answer.status).toBe(404);
      expect(answer.body.error?.code).toBe('RES_001');
      expect(JSON.stringify(answer.body)).not.toContain(acmeMember.email);
    }
    expect((await users('acme')).find((user) => user.id === acmeMember.id)).toEqual(before);
  });

  it('has no team on the platform host, and agency tokens work only on their own host', async () => {
    const adminToken = await superAdminToken();
    const onPlatform = await call('GET', '/api/v1/agency/team', { token: adminToken });
    expect(onPlatform.status).toBe(403);
    expect(onPlatform.body.error?.code).toBe('AUTH_004');
    const onAgency = await call('GET', '/api/v1/agency/team', { agency: 'demo', token: adminToken });
    expect(onAgency.status).toBe(401);
    const ownerElsewhere = await call('GET', '/api/v1/agency/team', { agency: 'acme', token: tokens.owner });
    expect(ownerElsewhere.status).toBe(401);
  });

  it('audits every team change in the agency log with the request id', async () => {
    const { data } = await service()
      .entities.auditLog.query.byTime({ agency_id: agencyIds.demo as string })
      .go({ pages: 'all' });
    const actions = new Set(data.map((entry) => entry.action));
    for (const action of ['team_member_invite', 'team_member_update', 'team_member_deactivate'])
      expect(actions.has(action), action).toBe(true);
    const deactivation = data.find((entry) => entry.action === 'team_member_deactivate');
    expect(deactivation).toMatchObject({
      action_category: 'resource',
      resource_type: 'user',
      user_id: owner.id,
    });
    expect(deactivation?.request_id).toMatch(/^req_/);
    const update = data.find((entry) => entry.action === 'team_member_update' && entry.changes?.job_title);
    expect(update?.changes).toMatchObject({
      job_title: { old: 'Content Strategist', new: 'Director of Content' },
    });
  });
});
